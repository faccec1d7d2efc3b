// A module resolution hook (node:module register()): Ink's renderer gets test/helpers/checked-output.ts in
// place of its ./output.js, so every frame a test renders is drawn by Ink's Output and the bundle's both.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === './output.js' && /[\\/]ink[\\/]build[\\/]renderer\.js$/.test(context.parentURL ?? '')) {
    return { url: new URL('./checked-output.ts', import.meta.url).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
