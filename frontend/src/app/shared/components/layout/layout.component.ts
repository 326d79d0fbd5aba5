/**
 * Overview: the frame of the signed-in area: header, sidebar navigation and the routed page.
 * Architecture: shared layout component; the parent route of the signed-in pages.
 * Dependencies: HeaderComponent, RouterOutlet/RouterLink, Taiga UI icons.
 * Concepts: the sidebar is a placeholder that later phases fill (tenants, projects, ...); on a
 *   narrow screen it is a row of links above the page that scrolls by itself, never the page.
 */
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TuiIcon } from '@taiga-ui/core';
import { HeaderComponent } from '../header/header.component';

@Component({
  selector: 'nb-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TuiIcon, HeaderComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nb-header class="header" />
    <nav class="sidebar" aria-label="Main">
      <a
        class="nav-link"
        routerLink="/dashboard"
        routerLinkActive="nav-link_active"
        ariaCurrentWhenActive="page"
        data-testid="nav-dashboard"
      >
        <tui-icon icon="@tui.layout-dashboard" />
        Overview
      </a>
      <a
        class="nav-link"
        routerLink="/sessions"
        routerLinkActive="nav-link_active"
        ariaCurrentWhenActive="page"
        data-testid="nav-sessions"
      >
        <tui-icon icon="@tui.monitor-smartphone" />
        Sessions
      </a>
      <a
        class="nav-link"
        routerLink="/activity"
        routerLinkActive="nav-link_active"
        ariaCurrentWhenActive="page"
        data-testid="nav-activity"
      >
        <tui-icon icon="@tui.history" />
        Activity
      </a>
      <p class="sidebar__note">Tenants, projects and more arrive in the next phases.</p>
    </nav>
    <main class="content">
      <router-outlet />
    </main>
  `,
  styles: `
    :host {
      display: grid;
      grid-template: 'header header' auto 'sidebar content' 1fr / 15rem 1fr;
      min-block-size: 100vh;
      background: var(--tui-background-base-alt);
    }
    .header {
      grid-area: header;
      position: sticky;
      inset-block-start: 0;
      z-index: 1;
    }
    .sidebar {
      grid-area: sidebar;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      padding: 1.25rem 0.75rem;
      background: var(--tui-background-base);
      border-inline-end: 1px solid var(--tui-border-normal);
    }
    .nav-link {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding: 0.625rem 0.75rem;
      border-radius: var(--tui-radius-m);
      color: var(--tui-text-secondary);
      font: var(--tui-typography-ui-m);
      text-decoration: none;
    }
    .nav-link:hover {
      background: var(--tui-background-neutral-1);
      color: var(--tui-text-primary);
    }
    .nav-link_active {
      background: var(--tui-background-neutral-1);
      color: var(--tui-text-primary);
      font-weight: 700;
    }
    .sidebar__note {
      margin: auto 0.75rem 0;
      color: var(--tui-text-tertiary);
      font: var(--tui-typography-body-s);
    }
    .content {
      grid-area: content;
      padding: 2rem clamp(1rem, 3vw, 2.5rem);
      min-inline-size: 0;
    }
    @media (max-width: 48rem) {
      :host {
        grid-template: 'header' auto 'sidebar' auto 'content' 1fr / 1fr;
      }
      .sidebar {
        flex-direction: row;
        overflow-x: auto;
        padding: 0.5rem;
        border-inline-end: none;
        border-block-end: 1px solid var(--tui-border-normal);
      }
      .sidebar__note {
        display: none;
      }
      .nav-link {
        flex: none;
      }
    }
  `,
})
export class LayoutComponent {}
