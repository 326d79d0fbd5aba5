/**
 * Overview: the top bar of the signed-in area: the app name and the user menu (account,
 *   sessions, activity, log out).
 * Architecture: shared layout component, used by LayoutComponent.
 * Dependencies: AuthService, Taiga UI (button, dropdown, data list), RouterLink.
 * Concepts: logging out ends the session on the server and forgets the tokens here.
 */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TuiButton, TuiDataList, TuiDropdown } from '@taiga-ui/core';
import { AuthService } from '../../../core/auth/auth.service';
import { LogoComponent } from '../logo/logo.component';

@Component({
  selector: 'nb-header',
  imports: [RouterLink, TuiButton, TuiDataList, TuiDropdown, LogoComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="brand" routerLink="/dashboard" aria-label="Nimbus home">
      <nb-logo />
    </a>
    <button
      tuiButton
      tuiDropdown
      type="button"
      appearance="flat-grayscale"
      size="s"
      iconEnd="@tui.chevron-down"
      data-testid="user-menu"
      [attr.aria-label]="'Account menu for ' + email()"
      [(tuiDropdownOpen)]="menuOpen"
    >
      <span class="avatar" aria-hidden="true">{{ initial() }}</span>
      <span class="email">{{ email() }}</span>
      <tui-data-list *tuiDropdown class="menu" role="menu">
        <div class="identity">
          <span class="identity__email">{{ email() }}</span>
          <span class="identity__role">{{ roleLabel() }}</span>
        </div>
        <a
          tuiOption
          role="menuitem"
          iconStart="@tui.user"
          routerLink="/account"
          data-testid="account-link"
          (click)="menuOpen.set(false)"
        >
          Account
        </a>
        <a
          tuiOption
          role="menuitem"
          iconStart="@tui.monitor-smartphone"
          routerLink="/sessions"
          (click)="menuOpen.set(false)"
        >
          Sessions
        </a>
        <a
          tuiOption
          role="menuitem"
          iconStart="@tui.history"
          routerLink="/activity"
          data-testid="activity-link"
          (click)="menuOpen.set(false)"
        >
          Activity
        </a>
        <button
          tuiOption
          type="button"
          role="menuitem"
          iconStart="@tui.log-out"
          data-testid="logout"
          (click)="logout()"
        >
          Log out
        </button>
      </tui-data-list>
    </button>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
      padding: 0 1.5rem;
      block-size: 4rem;
      background: var(--tui-background-base);
      border-block-end: 1px solid var(--tui-border-normal);
    }
    .brand {
      text-decoration: none;
    }
    .avatar {
      display: inline-grid;
      place-items: center;
      inline-size: 1.75rem;
      block-size: 1.75rem;
      margin-inline-end: 0.5rem;
      border-radius: 50%;
      background: var(--tui-background-accent-1);
      color: var(--tui-text-primary-on-accent-1);
      font: var(--tui-typography-ui-s);
      font-weight: 700;
    }
    .email {
      max-inline-size: 16rem;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .identity {
      display: flex;
      flex-direction: column;
      padding: 0.5rem 0.75rem 0.625rem;
      margin-block-end: 0.25rem;
      border-block-end: 1px solid var(--tui-border-normal);
    }
    .identity__email {
      font: var(--tui-typography-ui-m);
      font-weight: 700;
    }
    .identity__role {
      font: var(--tui-typography-ui-s);
      color: var(--tui-text-secondary);
    }
    @media (max-width: 40rem) {
      .email {
        display: none;
      }
    }
  `,
})
export class HeaderComponent {
  private readonly auth = inject(AuthService);

  protected readonly menuOpen = signal(false);
  protected readonly email = computed(() => this.auth.currentUser()?.email ?? '');
  protected readonly initial = computed(() => this.email().charAt(0).toUpperCase() || '?');
  protected readonly roleLabel = computed(() =>
    this.auth.currentUser()?.role === 'admin' ? 'Administrator' : 'Member',
  );

  protected logout(): void {
    this.menuOpen.set(false);
    void this.auth.logout();
  }
}
