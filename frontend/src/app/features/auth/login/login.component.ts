/**
 * Overview: the sign-in page: email and password, the API's error inline, a loading state,
 *   then the dashboard (or the page the user was sent away from).
 * Architecture: feature page (route /login, guarded by guestGuard).
 * Dependencies: AuthService, SetupStatusService, Router, Taiga UI form controls.
 * Concepts: throttling (429 + Retry-After: how long to wait); SETUP_REQUIRED sends the user to
 *   the setup wizard.
 */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { TuiButton, TuiError, TuiIcon, TuiInput, TuiNotification } from '@taiga-ui/core';
import { TuiButtonLoading, TuiPassword } from '@taiga-ui/kit';
import { AuthService } from '../../../core/auth/auth.service';
import { formatWait, toApiError } from '../../../core/http/api-error';
import { SetupStatusService } from '../../../core/setup/setup-status.service';
import { LogoComponent } from '../../../shared/components/logo/logo.component';
import { provideFormDefaults } from '../../../shared/forms/form-defaults';
import {
  emailAddress,
  MAX_EMAIL_LENGTH,
  MAX_PASSWORD_LENGTH,
  requiredText,
} from '../../../shared/validation/validators';

@Component({
  selector: 'nb-login',
  imports: [
    ReactiveFormsModule,
    TuiButton,
    TuiButtonLoading,
    TuiError,
    TuiIcon,
    TuiInput,
    TuiNotification,
    TuiPassword,
    LogoComponent,
  ],
  providers: [provideFormDefaults()],
  templateUrl: './login.component.html',
  styleUrl: './login.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly setupStatus = inject(SetupStatusService);
  private readonly query = toSignal(inject(ActivatedRoute).queryParamMap, { requireSync: true });

  protected readonly form = new FormGroup({
    email: new FormControl('', {
      nonNullable: true,
      validators: [requiredText, emailAddress, Validators.maxLength(MAX_EMAIL_LENGTH)],
    }),
    password: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(MAX_PASSWORD_LENGTH)],
    }),
  });

  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly sessionEnded = computed(() => this.query().get('reason') === 'expired');
  protected readonly organizationName = computed(
    () => this.setupStatus.status()?.organizationName ?? null,
  );

  async submit(): Promise<void> {
    if (this.loading()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { email, password } = this.form.getRawValue();
    this.loading.set(true);
    this.error.set(null);
    try {
      await this.auth.login(email.trim(), password);
      await this.router.navigateByUrl(this.returnUrl());
    } catch (caught) {
      const error = toApiError(caught);
      if (error.code === 'SETUP_REQUIRED') {
        await this.router.navigate(['/setup']);
        return;
      }
      this.error.set(
        error.status === 429
          ? `Too many sign-in attempts. Try again in ${formatWait(error.retryAfterSeconds ?? 60)}.`
          : error.message,
      );
    } finally {
      this.loading.set(false);
    }
  }

  private returnUrl(): string {
    const url = this.query().get('returnUrl');
    return url?.startsWith('/') && !url.startsWith('//') ? url : '/dashboard';
  }
}
