/**
 * Overview: the first-run setup status as GET /api/v1/setup/status answers it.
 * Architecture: core setup model, shared by the guards and the setup wizard; named from the
 *   generated API contract (../api/api-types.gen.ts, `npm run api:types`).
 * Dependencies: the generated API types.
 * Concepts: until setup is done there is no organisation and no admin: everyone goes to the wizard.
 */
import type { components } from '../api/api-types.gen';

export type SetupStatus = components['schemas']['SetupStatus'];
export type IsolationStrategy = SetupStatus['isolationStrategy'];
