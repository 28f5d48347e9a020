#!/usr/bin/env node
// The mock-cec command. tsx runs the TypeScript sources directly, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../mock-cec/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
