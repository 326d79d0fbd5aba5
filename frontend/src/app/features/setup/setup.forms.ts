/**
 * Overview: the wizard's two forms (admin account, organisation) and how they become the
 *   POST /api/v1/setup/initialize body.
 * Architecture: feature model of the setup wizard, shared by the container and its steps.
 * Dependencies: @angular/forms, the shared validators, the generated API types (the body).
 * Concepts: the setup token is only asked for (and only sent) when the server requires one.
 */
import {
  type AbstractControl,
  FormControl,
  FormGroup,
  type ValidationErrors,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import {
  emailAddress,
  MAX_EMAIL_LENGTH,
  MAX_ORGANIZATION_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  requiredText,
  sameAs,
} from '../../shared/validation/validators';
import type { components } from '../../core/api/api-types.gen';

export type AdminForm = FormGroup<{
  email: FormControl<string>;
  password: FormControl<string>;
  confirmPassword: FormControl<string>;
}>;

export type OrganizationForm = FormGroup<{
  organizationName: FormControl<string>;
  setupToken: FormControl<string>;
}>;

export type InitializeSetupRequest = components['schemas']['InitializeSetupRequest'];

export function createAdminForm(): AdminForm {
  const form: AdminForm = new FormGroup({
    email: new FormControl('', {
      nonNullable: true,
      validators: [requiredText, emailAddress, Validators.maxLength(MAX_EMAIL_LENGTH)],
    }),
    password: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(MAX_PASSWORD_LENGTH)],
    }),
    confirmPassword: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, sameAs('password')],
    }),
  });
  // The confirmation depends on the password: re-check it when the password changes.
  form.controls.password.valueChanges.subscribe(() =>
    form.controls.confirmPassword.updateValueAndValidity({ emitEvent: false }),
  );
  return form;
}

export function createOrganizationForm(): OrganizationForm {
  return new FormGroup({
    organizationName: new FormControl('', {
      nonNullable: true,
      validators: [requiredText, Validators.maxLength(MAX_ORGANIZATION_NAME_LENGTH)],
    }),
    setupToken: new FormControl('', { nonNullable: true }),
  });
}

/** Makes the setup token field required (or not), keeping its server-error validator. */
export function requireSetupToken(
  form: OrganizationForm,
  required: boolean,
  serverErrors: ServerErrors,
): void {
  const token = form.controls.setupToken;
  token.setValidators([
    serverErrors.validator('setupToken'),
    ...(required ? [requiredText, Validators.maxLength(512)] : []),
  ]);
  token.updateValueAndValidity();
}

/**
 * Errors the server reported for a field, shown until the user changes that field's value.
 * A validator (not a one-off setErrors) so the error survives the step being re-rendered.
 */
export class ServerErrors {
  private readonly errors = new Map<string, { value: unknown; message: string }>();

  validator(field: string): ValidatorFn {
    return (control): ValidationErrors | null => {
      const error = this.errors.get(field);
      return error && error.value === control.value ? { server: error.message } : null;
    };
  }

  /** Attaches the validator to every control of the forms, keyed by control name. */
  attach(...forms: FormGroup[]): void {
    for (const form of forms) {
      for (const [name, control] of Object.entries(form.controls)) {
        control.addValidators(this.validator(name));
      }
    }
  }

  set(field: string, control: AbstractControl, message: string): void {
    this.errors.set(field, { value: control.value, message });
    control.updateValueAndValidity();
    control.markAsTouched();
  }
}

export function toInitializeRequest(
  admin: AdminForm,
  organization: OrganizationForm,
  tokenRequired: boolean,
): InitializeSetupRequest {
  const { email, password } = admin.getRawValue();
  const { organizationName, setupToken } = organization.getRawValue();
  return {
    adminEmail: email.trim(),
    adminPassword: password,
    organizationName: organizationName.trim(),
    ...(tokenRequired ? { setupToken: setupToken.trim() } : {}),
  };
}
