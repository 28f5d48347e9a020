/**
 * `mock-cec/config`: for a project config written in TypeScript
 * (mock-cec.config.ts), without loading the harness:
 *
 *   import { defineConfig } from 'mock-cec/config';
 *   export default defineConfig({ integration: 'reference' });
 */
export {
  defineConfig,
  type ProjectConfig,
  type ProjectConfigInput,
  projectConfigJsonSchema,
} from '../project/project-config.ts';
