/**
 * Overview: wizard step 2: the administrator's email, password and password confirmation.
 * Architecture: presentational step of the setup wizard; the container owns the form.
 * Dependencies: @angular/forms, Taiga UI form controls.
 * Concepts: phase 1 accepts any non-empty password (no complexity rules); the confirmation
 *   must match.
 */
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { TuiError, TuiIcon, TuiInput } from '@taiga-ui/core';
import { TuiPassword } from '@taiga-ui/kit';
import type { AdminForm } from '../../setup.forms';

@Component({
  selector: 'nb-setup-admin',
  imports: [ReactiveFormsModule, TuiError, TuiIcon, TuiInput, TuiPassword],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="step-title">Administrator account</h2>
    <p class="lead">You will sign in with this account. You can add more people later.</p>
    <div class="fields" [formGroup]="form()">
      <div class="field">
        <tui-textfield>
          <label tuiLabel for="setup-email">Email</label>
          <input
            tuiInput
            type="email"
            autocomplete="username"
            formControlName="email"
            id="setup-email"
            data-testid="setup-email"
          />
        </tui-textfield>
        <tui-error formControlName="email" />
      </div>
      <div class="field">
        <tui-textfield>
          <label tuiLabel for="setup-password">Password</label>
          <input
            tuiInput
            type="password"
            autocomplete="new-password"
            formControlName="password"
            id="setup-password"
            data-testid="setup-password"
          />
          <tui-icon tuiPassword />
        </tui-textfield>
        <tui-error formControlName="password" />
      </div>
      <div class="field">
        <tui-textfield>
          <label tuiLabel for="setup-password-confirm">Confirm password</label>
          <input
            tuiInput
            type="password"
            autocomplete="new-password"
            formControlName="confirmPassword"
            id="setup-password-confirm"
            data-testid="setup-password-confirm"
          />
          <tui-icon tuiPassword />
        </tui-textfield>
        <tui-error formControlName="confirmPassword" />
      </div>
    </div>
  `,
})
export class AdminComponent {
  readonly form = input.required<AdminForm>();
}
