/**
 * Overview: the Account page: who is signed in, and the form to change the password (current,
 *   new, confirmation) with the API's errors shown on the fields they concern.
 * Architecture: feature page (route /account inside LayoutComponent), reached from the user menu.
 * Dependencies: AUTH_API, AuthService, Taiga UI form controls, the shared validators.
 * Concepts: changing the password ends every other session (this one stays signed in); a wrong
 *   current password counts as a failed sign-in (throttled: 429 + how long to wait).
 */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import {
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import { TuiButton, TuiError, TuiIcon, TuiInput, TuiNotification } from '@taiga-ui/core';
import { TuiButtonLoading, TuiPassword } from '@taiga-ui/kit';
import { firstValueFrom } from 'rxjs';
import { AUTH_API } from '../../core/auth/auth-api';
import { AuthService } from '../../core/auth/auth.service';
import { type ApiError, formatWait, toApiError } from '../../core/http/api-error';
import { provideFormDefaults } from '../../shared/forms/form-defaults';
import { MAX_PASSWORD_LENGTH, sameAs } from '../../shared/validation/validators';

type PasswordField = 'currentPassword' | 'newPassword' | 'confirmPassword';

function passwordControl(...extra: ValidatorFn[]): FormControl<string> {
  return new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(MAX_PASSWORD_LENGTH), ...extra],
  });
}

@Component({
  selector: 'nb-account',
  imports: [
    ReactiveFormsModule,
    TuiButton,
    TuiButtonLoading,
    TuiError,
    TuiIcon,
    TuiInput,
    TuiNotification,
    TuiPassword,
  ],
  providers: [provideFormDefaults()],
  templateUrl: './account.component.html',
  styleUrl: './account.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountComponent {
  private readonly api = inject(AUTH_API);
  private readonly auth = inject(AuthService);

  protected readonly email = computed(() => this.auth.currentUser()?.email ?? '');
  protected readonly roleLabel = computed(() =>
    this.auth.currentUser()?.role === 'admin' ? 'Administrator' : 'Member',
  );

  protected readonly form = new FormGroup({
    currentPassword: passwordControl(),
    newPassword: passwordControl(),
    confirmPassword: passwordControl(sameAs('newPassword')),
  });

  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  constructor() {
    // The confirmation depends on the new password: re-check it when that changes.
    this.form.controls.newPassword.valueChanges.subscribe(() =>
      this.form.controls.confirmPassword.updateValueAndValidity({ emitEvent: false }),
    );
  }

  async submit(): Promise<void> {
    if (this.saving()) return;
    this.notice.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.saving.set(true);
    this.error.set(null);
    try {
      await firstValueFrom(this.api.changePassword({ currentPassword, newPassword }));
      this.form.reset();
      this.notice.set('Your password was changed. Every other session was signed out.');
    } catch (caught) {
      this.showError(toApiError(caught));
    } finally {
      this.saving.set(false);
    }
  }

  private showError(error: ApiError): void {
    if (error.code === 'INVALID_CREDENTIALS') {
      this.markField('currentPassword', 'The current password is not correct');
    } else if (error.status === 429) {
      this.error.set(
        `Too many attempts. Try again in ${formatWait(error.retryAfterSeconds ?? 60)}.`,
      );
    } else if (error.code === 'VALIDATION_ERROR' && error.details.length > 0) {
      for (const issue of error.details) {
        if (issue.field in this.form.controls) {
          this.markField(issue.field as PasswordField, issue.message);
        } else {
          this.error.set(error.message);
        }
      }
    } else {
      this.error.set(error.message);
    }
  }

  /** Shown under the field until its value changes (the validators then run again). */
  private markField(field: PasswordField, message: string): void {
    const control = this.form.controls[field];
    control.setErrors({ ...control.errors, server: message });
    control.markAsTouched();
  }
}
