#!/usr/bin/env node
// The integration command (the reference third-party system). tsx runs the TypeScript sources directly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../integration/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
