/**
 * Overview: wizard step 1: what Nimbus is and what the next steps will do.
 * Architecture: presentational step of the setup wizard (features/setup).
 * Dependencies: @angular/core, Taiga UI icons.
 * Concepts: provider (the organisation running Nimbus), its administrator, tenants.
 */
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TuiIcon } from '@taiga-ui/core';

@Component({
  selector: 'nb-setup-welcome',
  imports: [TuiIcon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="step-title">Welcome to Nimbus</h2>
    <p class="lead">
      Nimbus is the control plane of your multi-tenant cloud: one place to run your organisation,
      its tenants and the people who manage them, with every tenant's data kept apart.
    </p>
    <p class="lead">This is a fresh installation. Three short steps get it ready:</p>
    <ol class="plan">
      <li>
        <tui-icon icon="@tui.check" class="plan__icon" />
        <span><strong>Create the administrator</strong>: the first account, with full rights.</span>
      </li>
      <li>
        <tui-icon icon="@tui.check" class="plan__icon" />
        <span><strong>Name your organisation</strong>: the provider that runs this Nimbus.</span>
      </li>
      <li>
        <tui-icon icon="@tui.check" class="plan__icon" />
        <span><strong>Start</strong>: you are signed in and land on the dashboard.</span>
      </li>
    </ol>
  `,
  styles: `
    .plan {
      display: grid;
      gap: 0.75rem;
      margin: 1.25rem 0 0;
      padding: 0;
      list-style: none;
    }
    .plan li {
      display: flex;
      gap: 0.75rem;
      align-items: flex-start;
      font: var(--tui-typography-body-m);
    }
    .plan__icon {
      flex: none;
      color: var(--tui-status-positive);
      font-size: 1.25rem;
    }
  `,
})
export class WelcomeComponent {}
