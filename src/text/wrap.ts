// Word wrap for the plain-text outputs (explain, the OOM panel, status lines).

/** Greedy word wrap with a hanging indent. */
export function wrapText(text: string, indent: string, width: number = 80): string[] {
  const lines: string[] = [];
  let current = indent;
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const candidate = current.trim() === '' ? current + word : `${current} ${word}`;
    if (candidate.length > width && current.trim() !== '') {
      lines.push(current);
      current = indent + word;
    } else {
      current = candidate;
    }
  }
  if (current.trim() !== '') lines.push(current);
  return lines;
}
