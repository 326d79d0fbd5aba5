/**
 * Overview: specs of the dashboard: the welcome shows the signed-in user's email, the API
 *   version comes from GraphQL `{ version }`.
 * Architecture: component test with Apollo's testing controller.
 * Dependencies: Jest, TestBed, apollo-angular/testing, the shared test providers.
 * Concepts: GraphQL for data; the user comes from AuthService (REST login).
 */
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ApolloTestingController, ApolloTestingModule } from 'apollo-angular/testing';
import { provideTestApp, settle, storeSession } from '../../../testing/test-providers';
import { DashboardComponent, VERSION_QUERY } from './dashboard.component';

describe('DashboardComponent', () => {
  let fixture: ComponentFixture<DashboardComponent>;
  let apollo: ApolloTestingController;

  const el = (testId: string): HTMLElement | null =>
    fixture.nativeElement.querySelector(`[data-testid=${testId}]`);

  beforeEach(async () => {
    localStorage.clear();
    storeSession(1);
    TestBed.configureTestingModule({
      imports: [ApolloTestingModule, DashboardComponent],
      providers: provideTestApp(),
    });
    apollo = TestBed.inject(ApolloTestingController);
    fixture = TestBed.createComponent(DashboardComponent);
    await fixture.whenStable();
  });
  afterEach(() => apollo.verify());

  it('welcomes the user with their email', () => {
    expect(el('welcome')?.textContent).toContain('Welcome, admin@example.com');
    expect(fixture.nativeElement.textContent).toContain('Administrator');
    apollo.expectOne(VERSION_QUERY).flushData({ version: '0.1.0' });
  });

  it('shows the API version answered by GraphQL', async () => {
    expect(el('api-version')).toBeNull();
    apollo.expectOne(VERSION_QUERY).flushData({ version: '0.1.0' });
    await settle();
    await fixture.whenStable();
    expect(el('api-version')?.textContent?.trim()).toBe('0.1.0');
  });

  it('says the version is unavailable when the query fails', async () => {
    apollo.expectOne(VERSION_QUERY).networkError(new Error('down'));
    await settle();
    await fixture.whenStable();
    expect(el('api-version')).toBeNull();
    expect(el('api-version-error')?.textContent?.trim()).toBe('unavailable');
  });
});
