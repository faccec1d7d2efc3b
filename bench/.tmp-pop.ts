import { installCleanupHandlers, runCleanup } from './cleanup.js';
import { startPopulation } from './population.js';
installCleanupHandlers();
const pop = await startPopulation(Number(process.argv[2]));
console.log('ready', pop.pids.length);
setTimeout(() => { pop.end(); runCleanup(); process.exit(0); }, Number(process.argv[3]) * 1000);
