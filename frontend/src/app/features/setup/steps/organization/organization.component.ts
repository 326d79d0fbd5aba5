/**
 * Overview: wizard step 3: the organisation's name, the (fixed) tenant isolation strategy and,
 *   when the server asks for one, the setup token.
 * Architecture: presentational step of the setup wizard; the container owns the form.
 * Dependencies: @angular/forms, Taiga UI form controls.
 * Concepts: isolation "schema per tenant + RLS": each tenant gets its own PostgreSQL schema and
 *   row-level security; phase 1 offers no other choice.
 */
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { TuiError, TuiIcon, TuiInput } from '@taiga-ui/core';
import type { OrganizationForm } from '../../setup.forms';

@Component({
  selector: 'nb-setup-organization',
  imports: [ReactiveFormsModule, TuiError, TuiIcon, TuiInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="step-title">Your organisation</h2>
    <p class="lead">The provider that runs this Nimbus: your company or team.</p>
    <div class="fields" [formGroup]="form()">
      <div class="field">
        <tui-textfield>
          <label tuiLabel for="setup-org">Organisation name</label>
          <input
            tuiInput
            autocomplete="organization"
            formControlName="organizationName"
            id="setup-org"
            data-testid="setup-org"
          />
        </tui-textfield>
        <tui-error formControlName="organizationName" />
      </div>

      <div class="strategy" data-testid="isolation-strategy">
        <span class="strategy__label">Tenant isolation</span>
        <span class="strategy__value">
          <tui-icon icon="@tui.check" class="strategy__icon" />
          Schema per tenant + RLS
        </span>
        <span class="strategy__hint">
          Each tenant gets its own PostgreSQL schema, and row-level security checks every query.
          This is fixed in this version of Nimbus.
        </span>
      </div>

      @if (tokenRequired()) {
        <div class="field">
          <tui-textfield>
            <label tuiLabel for="setup-token">Setup token</label>
            <input
              tuiInput
              autocomplete="off"
              spellcheck="false"
              formControlName="setupToken"
              id="setup-token"
              data-testid="setup-token"
            />
          </tui-textfield>
          <tui-error formControlName="setupToken" />
          <span class="hint">The one-time token printed in the server's log at start-up.</span>
        </div>
      }
    </div>
  `,
  styles: `
    .strategy {
      display: grid;
      gap: 0.25rem;
      padding: 1rem 1.25rem;
      border-radius: var(--tui-radius-l);
      background: var(--tui-background-neutral-1);
    }
    .strategy__label {
      color: var(--tui-text-secondary);
      font: var(--tui-typography-ui-s);
    }
    .strategy__value {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font: var(--tui-typography-ui-l);
      font-weight: 700;
    }
    .strategy__icon {
      color: var(--tui-status-positive);
      font-size: 1.25rem;
    }
    .strategy__hint,
    .hint {
      color: var(--tui-text-secondary);
      font: var(--tui-typography-body-s);
    }
  `,
})
export class OrganizationComponent {
  readonly form = input.required<OrganizationForm>();
  readonly tokenRequired = input(false);
}
