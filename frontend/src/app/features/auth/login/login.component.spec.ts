/**
 * Overview: specs of the login page: required-field validation, the call to AuthService, the
 *   API's error inline (with the wait time on 429), the loading state and the redirects.
 * Architecture: component tests (TestBed, jsdom) with the real AuthService and HTTP stack.
 * Dependencies: Jest, TestBed, HttpTestingController, Taiga UI, the shared test providers.
 * Concepts: SETUP_REQUIRED sends the user to the wizard.
 */
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { TuiRoot } from '@taiga-ui/core';
import {
  ADMIN,
  API,
  errorBody,
  loginResponse,
  provideTestApp,
  settle,
} from '../../../../testing/test-providers';
import { AuthService } from '../../../core/auth/auth.service';
import { LoginComponent } from './login.component';

@Component({
  imports: [TuiRoot, LoginComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<tui-root><nb-login /></tui-root>',
})
class HostComponent {}

describe('LoginComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let http: HttpTestingController;
  let auth: AuthService;
  let navigateByUrl: jest.SpyInstance;
  let navigate: jest.SpyInstance;

  const el = (testId: string): HTMLElement | null =>
    fixture.nativeElement.querySelector(`[data-testid=${testId}]`);

  async function type(testId: string, value: string): Promise<void> {
    const input = el(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    el('login-submit')!.click();
    await fixture.whenStable();
  }

  function errorsShown(): string[] {
    return Array.from(fixture.nativeElement.querySelectorAll('tui-error') as NodeListOf<Element>)
      .map((node) => node.textContent?.trim() ?? '')
      .filter(Boolean);
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [HostComponent], providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    const router = TestBed.inject(Router);
    navigateByUrl = jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  it('renders the email and password inputs with their test ids on the real <input>s', () => {
    expect(el('login-email')?.tagName).toBe('INPUT');
    expect(el('login-password')?.tagName).toBe('INPUT');
    expect((el('login-password') as HTMLInputElement).type).toBe('password');
    expect(el('login-error')).toBeNull();
  });

  it('validates the required fields and does not call the API while they are empty', async () => {
    const login = jest.spyOn(auth, 'login');
    await submit();
    expect(login).not.toHaveBeenCalled();
    expect(errorsShown()).toEqual(['This field is required', 'This field is required']);
    http.expectNone(`${API}/auth/login`);

    await type('login-email', 'not-an-email');
    await submit();
    expect(login).not.toHaveBeenCalled();
    expect(errorsShown()).toContain('Enter a valid email address, like name@example.com');
  });

  it('submits the credentials to AuthService and opens the dashboard', async () => {
    const login = jest.spyOn(auth, 'login').mockResolvedValue(ADMIN);
    await type('login-email', '  admin@example.com ');
    await type('login-password', 'secret');
    await submit();
    await settle();
    expect(login).toHaveBeenCalledTimes(1);
    expect(login).toHaveBeenCalledWith('admin@example.com', 'secret');
    expect(navigateByUrl).toHaveBeenCalledWith('/dashboard');
  });

  it('shows the loading state while signing in and the API error message afterwards', async () => {
    await type('login-email', 'admin@example.com');
    await type('login-password', 'wrong');
    await submit();

    const button = el('login-submit')!;
    expect(button.getAttribute('aria-disabled')).toBe('true');
    await submit(); // a second click while loading sends nothing
    http
      .expectOne(`${API}/auth/login`)
      .flush(errorBody('INVALID_CREDENTIALS', 'Invalid email or password.'), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await settle();
    await fixture.whenStable();

    expect(el('login-error')?.textContent?.trim()).toBe('Invalid email or password.');
    expect(button.getAttribute('aria-disabled')).not.toBe('true');
    expect(auth.isAuthenticated()).toBe(false);
    expect(navigateByUrl).not.toHaveBeenCalled();
  });

  it('tells a throttled user how long to wait (Retry-After)', async () => {
    await type('login-email', 'admin@example.com');
    await type('login-password', 'secret');
    await submit();
    http
      .expectOne(`${API}/auth/login`)
      .flush(errorBody('TOO_MANY_ATTEMPTS', 'Too many login attempts.'), {
        status: 429,
        statusText: 'Too Many Requests',
        headers: { 'Retry-After': '30' },
      });
    await settle();
    await fixture.whenStable();
    expect(el('login-error')?.textContent?.trim()).toBe(
      'Too many sign-in attempts. Try again in 30 seconds.',
    );
  });

  it('signs in for real and sends the user to the wizard when setup is required', async () => {
    await type('login-email', 'admin@example.com');
    await type('login-password', 'secret');
    await submit();
    http
      .expectOne(`${API}/auth/login`)
      .flush(errorBody('SETUP_REQUIRED', 'Setup first.'), { status: 409, statusText: 'Conflict' });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/setup']);
    await fixture.whenStable();

    await submit();
    http.expectOne(`${API}/auth/login`).flush(loginResponse(1));
    await settle();
    expect(auth.currentUser()?.email).toBe('admin@example.com');
    expect(navigateByUrl).toHaveBeenCalledWith('/dashboard');
  });
});
