/**
 * Overview: the first-run setup status as GET /api/v1/setup/status answers it.
 * Architecture: core setup model, shared by the guards and the setup wizard.
 * Dependencies: none.
 * Concepts: until setup is done there is no organisation and no admin: everyone goes to the wizard.
 */
export type IsolationStrategy = 'schema-per-tenant-rls';

export interface SetupStatus {
  readonly initialized: boolean;
  readonly organizationName: string | null;
  readonly isolationStrategy: IsolationStrategy;
  readonly setupTokenRequired: boolean;
}
