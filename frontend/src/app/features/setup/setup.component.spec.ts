/**
 * Overview: specs of the setup wizard: navigation between steps, validation per step, the
 *   request it sends, automatic sign-in with the returned tokens, server errors.
 * Architecture: component tests (TestBed, jsdom) with the real SetupService, AuthService and
 *   HTTP stack; the back end is HttpTestingController.
 * Dependencies: Jest, TestBed, Taiga UI, the shared test providers.
 * Concepts: the setup token is asked for only when the server requires it.
 */
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { TuiRoot } from '@taiga-ui/core';
import {
  ADMIN,
  API,
  errorBody,
  provideTestApp,
  settle,
  tokenPair,
} from '../../../testing/test-providers';
import { AuthService } from '../../core/auth/auth.service';
import { TOKEN_STORAGE_KEY } from '../../core/auth/token-storage';
import type { SetupStatus } from '../../core/setup/setup-status.models';
import { SetupStatusService } from '../../core/setup/setup-status.service';
import { FINISH_DELAY_MS, SetupComponent } from './setup.component';

@Component({
  imports: [TuiRoot, SetupComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<tui-root><nb-setup /></tui-root>',
})
class HostComponent {}

const FRESH: SetupStatus = {
  initialized: false,
  organizationName: null,
  isolationStrategy: 'schema-per-tenant-rls',
  setupTokenRequired: false,
};

describe('SetupComponent (wizard)', () => {
  let fixture: ComponentFixture<HostComponent>;
  let http: HttpTestingController;
  let navigate: jest.SpyInstance;

  const el = (testId: string): HTMLElement | null =>
    fixture.nativeElement.querySelector(`[data-testid=${testId}]`);
  const progress = (): string => el('wizard-progress')?.textContent?.trim() ?? '';
  const errorsShown = (): string[] =>
    Array.from(fixture.nativeElement.querySelectorAll('tui-error') as NodeListOf<Element>)
      .map((node) => node.textContent?.trim() ?? '')
      .filter(Boolean);

  async function click(testId: string): Promise<void> {
    const button = el(testId);
    if (!button) throw new Error(`no [data-testid=${testId}]`);
    button.click();
    await fixture.whenStable();
  }

  async function type(testId: string, value: string): Promise<void> {
    const input = el(testId) as HTMLInputElement | null;
    if (!input) throw new Error(`no [data-testid=${testId}]`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function open(status: SetupStatus = FRESH): Promise<void> {
    TestBed.configureTestingModule({ imports: [HostComponent], providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    http.expectOne(`${API}/setup/status`).flush(status);
    await settle();
    await fixture.whenStable();
  }

  async function fillAdmin(password = 'correct horse', confirm = password): Promise<void> {
    await type('setup-email', 'admin@example.com');
    await type('setup-password', password);
    await type('setup-password-confirm', confirm);
  }

  async function toOrganizationStep(): Promise<void> {
    await click('wizard-next');
    await fillAdmin();
    await click('wizard-next');
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('moves between the steps with next and back, showing the progress', async () => {
    await open();
    expect(progress()).toBe('Step 1 of 4: Welcome');
    expect(fixture.nativeElement.textContent).toContain('Nimbus is the control plane');
    expect(el('wizard-back')).toBeNull();

    await click('wizard-next');
    expect(progress()).toBe('Step 2 of 4: Administrator');
    expect(el('setup-email')?.tagName).toBe('INPUT');

    await click('wizard-back');
    expect(progress()).toBe('Step 1 of 4: Welcome');

    await toOrganizationStep();
    expect(progress()).toBe('Step 3 of 4: Organisation');
    expect(el('setup-org')?.tagName).toBe('INPUT');
    expect(el('isolation-strategy')?.textContent).toContain('Schema per tenant + RLS');
    expect(el('wizard-next')).toBeNull();
    expect(el('wizard-submit')).not.toBeNull();
    expect(el('setup-token')).toBeNull();

    await click('wizard-back');
    expect(progress()).toBe('Step 2 of 4: Administrator');
    expect((el('setup-email') as HTMLInputElement).value).toBe('admin@example.com');
  });

  it('validates the administrator step before moving on', async () => {
    await open();
    await click('wizard-next');

    await click('wizard-next');
    expect(progress()).toBe('Step 2 of 4: Administrator');
    expect(errorsShown()).toEqual([
      'This field is required',
      'This field is required',
      'This field is required',
    ]);

    await type('setup-email', 'admin@');
    await type('setup-password', 'one password');
    await type('setup-password-confirm', 'another password');
    await click('wizard-next');
    expect(progress()).toBe('Step 2 of 4: Administrator');
    expect(errorsShown()).toEqual([
      'Enter a valid email address, like name@example.com',
      'The passwords do not match',
    ]);

    await type('setup-email', 'admin@example.com');
    await type('setup-password-confirm', 'one password');
    await click('wizard-next');
    expect(progress()).toBe('Step 3 of 4: Organisation');
  });

  it('validates the organisation step before submitting', async () => {
    await open();
    await toOrganizationStep();
    await click('wizard-submit');
    expect(errorsShown()).toEqual(['This field is required']);
    await type('setup-org', '   ');
    await click('wizard-submit');
    http.expectNone(`${API}/setup/initialize`);
    expect(progress()).toBe('Step 3 of 4: Organisation');
  });

  it('submits the right data, signs the admin in with the returned tokens, then opens the dashboard', async () => {
    await open();
    await toOrganizationStep();
    await type('setup-org', '  Acme Cloud ');
    await click('wizard-submit');

    const req = http.expectOne(`${API}/setup/initialize`);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      adminEmail: 'admin@example.com',
      adminPassword: 'correct horse',
      organizationName: 'Acme Cloud',
    });
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush(
      { provider: { id: 'p-1', name: 'Acme Cloud' }, admin: ADMIN, tokens: tokenPair(1) },
      { status: 201, statusText: 'Created' },
    );
    await settle();
    await fixture.whenStable();

    expect(progress()).toBe('Step 4 of 4: Done');
    expect(fixture.nativeElement.textContent).toContain('Nimbus is ready');
    const auth = TestBed.inject(AuthService);
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.currentUser()?.email).toBe('admin@example.com');
    expect(auth.accessToken()).toBe('access-1');
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toContain('refresh-1');
    await expect(TestBed.inject(SetupStatusService).load()).resolves.toMatchObject({
      initialized: true,
      organizationName: 'Acme Cloud',
    });
    expect(el('wizard-back')).toBeNull();

    await click('wizard-finish');
    expect(navigate).toHaveBeenCalledWith(['/dashboard']);
  });

  it('opens the dashboard on its own a moment after setup completes', async () => {
    await open();
    await toOrganizationStep();
    await type('setup-org', 'Acme Cloud');
    await click('wizard-submit');
    jest.useFakeTimers();
    http
      .expectOne(`${API}/setup/initialize`)
      .flush(
        { provider: { id: 'p-1', name: 'Acme Cloud' }, admin: ADMIN, tokens: tokenPair(1) },
        { status: 201, statusText: 'Created' },
      );
    await settle();
    jest.advanceTimersByTime(FINISH_DELAY_MS - 1);
    expect(navigate).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(navigate).toHaveBeenCalledWith(['/dashboard']);
  });

  it('asks for the setup token when the server requires one and sends it', async () => {
    await open({ ...FRESH, setupTokenRequired: true });
    await toOrganizationStep();
    await type('setup-org', 'Acme Cloud');
    expect(el('setup-token')?.tagName).toBe('INPUT');
    await click('wizard-submit');
    http.expectNone(`${API}/setup/initialize`);
    expect(errorsShown()).toEqual(['This field is required']);

    await type('setup-token', 'tok-123');
    await click('wizard-submit');
    expect(http.expectOne(`${API}/setup/initialize`).request.body).toEqual({
      adminEmail: 'admin@example.com',
      adminPassword: 'correct horse',
      organizationName: 'Acme Cloud',
      setupToken: 'tok-123',
    });
  });

  it("puts the server's field errors back on the right step", async () => {
    await open();
    await toOrganizationStep();
    await type('setup-org', 'Acme Cloud');
    await click('wizard-submit');
    http
      .expectOne(`${API}/setup/initialize`)
      .flush(
        errorBody('VALIDATION_ERROR', 'The request is invalid.', [
          { field: 'adminEmail', message: 'is not a valid email address' },
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    await fixture.whenStable();

    expect(progress()).toBe('Step 2 of 4: Administrator');
    expect(errorsShown()).toEqual(['is not a valid email address']);
    expect(el('wizard-error')?.textContent?.trim()).toBe('The request is invalid.');
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
  });

  it('shows the setup token field with the error when the server refuses the token', async () => {
    await open();
    await toOrganizationStep();
    await type('setup-org', 'Acme Cloud');
    await click('wizard-submit');
    http
      .expectOne(`${API}/setup/initialize`)
      .flush(errorBody('SETUP_TOKEN_INVALID', 'The setup token is not valid.'), {
        status: 403,
        statusText: 'Forbidden',
      });
    await settle();
    await fixture.whenStable();
    expect(el('setup-token')).not.toBeNull();
    expect(errorsShown()).toEqual(['The setup token is not valid.']);
  });

  it('shows why the status could not be loaded and retries', async () => {
    TestBed.configureTestingModule({ imports: [HostComponent], providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    http.expectOne(`${API}/setup/status`).error(new ProgressEvent('error'));
    await settle();
    await fixture.whenStable();
    expect(el('wizard-status-error')?.textContent).toContain('Cannot reach the Nimbus server');
    expect(el('wizard-next')).not.toBeNull();

    (el('wizard-status-error')!.querySelector('button') as HTMLButtonElement).click();
    http.expectOne(`${API}/setup/status`).flush(FRESH);
    await settle();
    await fixture.whenStable();
    expect(el('wizard-status-error')).toBeNull();
  });
});
