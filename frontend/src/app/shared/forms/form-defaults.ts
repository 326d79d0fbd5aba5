/**
 * Overview: the look of the app's text fields: no "clear" cross (the fields are short, and the
 *   password fields already carry the show/hide eye).
 * Architecture: shared provider for the form pages (login, setup wizard), given in their
 *   component `providers` so Taiga's textfield code stays out of the initial bundle.
 * Dependencies: @taiga-ui/core (textfield options).
 * Concepts: Taiga textfield options are inherited by every textfield below the providing component.
 */
import { type Provider, signal } from '@angular/core';
import { tuiTextfieldOptionsProvider } from '@taiga-ui/core';

export function provideFormDefaults(): Provider {
  return tuiTextfieldOptionsProvider({ cleaner: signal(false) });
}
