/**
 * Overview: form validators shared by the login page and the setup wizard.
 * Architecture: shared, framework-level helpers (Angular forms ValidatorFn).
 * Dependencies: @angular/forms.
 * Concepts: the email shape and length rules mirror the back end's (one "@", no spaces, a dot
 *   in the domain; the server trims and lower-cases), so the UI never accepts what the API refuses.
 */
import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

export const MAX_EMAIL_LENGTH = 254;
export const MAX_PASSWORD_LENGTH = 1024;
export const MAX_ORGANIZATION_NAME_LENGTH = 200;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(control: AbstractControl): string {
  return typeof control.value === 'string' ? control.value : '';
}

/** Required, ignoring surrounding whitespace (the server trims). */
export const requiredText: ValidatorFn = (control): ValidationErrors | null =>
  text(control).trim() === '' ? { required: true } : null;

/** An email address as the server accepts it; empty is left to `requiredText`. */
export const emailAddress: ValidatorFn = (control): ValidationErrors | null => {
  const value = text(control).trim();
  return value === '' || EMAIL_SHAPE.test(value) ? null : { email: true };
};

/** The value must equal the sibling control `other` (password confirmation). */
export function sameAs(other: string): ValidatorFn {
  return (control): ValidationErrors | null => {
    const sibling = control.parent?.get(other);
    if (!sibling || text(control) === '') return null;
    return text(control) === text(sibling) ? null : { passwordMismatch: true };
  };
}
