/**
 * Overview: specs of the Account page: the signed-in user, the change-password form's
 *   validation, the request it sends, and the API's errors on the right field.
 * Architecture: component test; the real HTTP stack, its backend faked by HttpTestingController.
 * Dependencies: Jest, TestBed, Taiga UI, the shared test providers.
 * Concepts: a wrong current password is a 401 that must not sign the user out; the form is
 *   cleared after a change.
 */
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { AuthService } from '../../core/auth/auth.service';
import {
  API,
  errorBody,
  provideTestApp,
  settle,
  storeSession,
} from '../../../testing/test-providers';
import { AccountComponent } from './account.component';

describe('AccountComponent', () => {
  let fixture: ComponentFixture<AccountComponent>;
  let http: HttpTestingController;

  const el = (testId: string): HTMLElement | null =>
    fixture.nativeElement.querySelector(`[data-testid=${testId}]`);
  const text = (testId: string): string => el(testId)?.textContent?.trim() ?? '';

  async function type(testId: string, value: string): Promise<void> {
    const input = el(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function fill(current: string, next: string, confirm = next): Promise<void> {
    await type('current-password', current);
    await type('new-password', next);
    await type('confirm-password', confirm);
  }

  async function submit(): Promise<void> {
    el('change-password')!.click();
    await settle();
    await fixture.whenStable();
  }

  async function answered(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    localStorage.clear();
    storeSession(1);
    TestBed.configureTestingModule({ imports: [AccountComponent], providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AccountComponent);
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  it('shows who is signed in', () => {
    expect(text('account-email')).toBe('admin@example.com');
    expect(fixture.nativeElement.textContent).toContain('Administrator');
  });

  it('validates before sending: every field required, the confirmation must match', async () => {
    await submit();
    http.expectNone(`${API}/auth/password`);
    expect(text('current-password-error')).toBe('This field is required');
    expect(text('new-password-error')).toBe('This field is required');

    await fill('old secret', 'new secret', 'new secrets');
    await submit();
    http.expectNone(`${API}/auth/password`);
    expect(text('confirm-password-error')).toBe('The passwords do not match');
  });

  it('sends the current and new password with the bearer token, then clears the form and says so', async () => {
    await fill('old secret', 'new secret');
    await submit();
    const req = http.expectOne(`${API}/auth/password`);
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(req.request.body).toEqual({ currentPassword: 'old secret', newPassword: 'new secret' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await answered();
    expect(text('password-changed')).toContain('Every other session was signed out');
    expect((el('current-password') as HTMLInputElement).value).toBe('');
    expect((el('new-password') as HTMLInputElement).value).toBe('');
  });

  it('shows a wrong current password on its field, and stays signed in (no refresh, no logout)', async () => {
    await fill('wrong', 'new secret');
    await submit();
    http
      .expectOne(`${API}/auth/password`)
      .flush(errorBody('INVALID_CREDENTIALS', 'Invalid email or password.'), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await answered();
    http.expectNone(`${API}/auth/refresh`);
    expect(text('current-password-error')).toBe('The current password is not correct');
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(true);

    // Typing again clears the server's verdict.
    await type('current-password', 'right');
    expect(text('current-password-error')).toBe('');
  });

  it('puts the server’s field errors on their fields, and throttling above the form', async () => {
    await fill('old secret', 'new secret');
    await submit();
    http
      .expectOne(`${API}/auth/password`)
      .flush(
        errorBody('VALIDATION_ERROR', 'newPassword: is required', [
          { field: 'newPassword', message: 'is required' },
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
    await answered();
    expect(text('new-password-error')).toBe('is required');

    await type('new-password', 'another secret');
    await type('confirm-password', 'another secret');
    await submit();
    http
      .expectOne(`${API}/auth/password`)
      .flush(errorBody('TOO_MANY_ATTEMPTS', 'Too many attempts; try again in 120 s.'), {
        status: 429,
        statusText: 'Too Many Requests',
        headers: { 'Retry-After': '120' },
      });
    await answered();
    expect(text('password-error')).toBe('Too many attempts. Try again in 2 minutes.');
  });
});
