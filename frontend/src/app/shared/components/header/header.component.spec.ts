/**
 * Overview: specs of the header: app name, the user's email, and the user menu (the Account
 *   and Activity pages, logout).
 * Architecture: component test inside TuiRoot (the menu opens in Taiga's dropdown portal).
 * Dependencies: Jest, TestBed, Taiga UI, the shared test providers.
 * Concepts: logout goes through AuthService (server logout + local sign-out).
 */
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TuiRoot } from '@taiga-ui/core';
import { provideTestApp, storeSession } from '../../../../testing/test-providers';
import { AuthService } from '../../../core/auth/auth.service';
import { HeaderComponent } from './header.component';

@Component({
  imports: [TuiRoot, HeaderComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<tui-root><nb-header /></tui-root>',
})
class HostComponent {}

describe('HeaderComponent', () => {
  let fixture: ComponentFixture<HostComponent>;

  beforeEach(async () => {
    localStorage.clear();
    storeSession(1);
    TestBed.configureTestingModule({ imports: [HostComponent], providers: provideTestApp() });
    fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
  });

  it('shows the app name and the signed-in user in the menu button', () => {
    const text = fixture.nativeElement.textContent as string;
    expect(text).toContain('Nimbus');
    const menu = fixture.nativeElement.querySelector('[data-testid=user-menu]') as HTMLElement;
    expect(menu.textContent).toContain('admin@example.com');
  });

  it('the user menu leads to the Account page', async () => {
    expect(document.querySelector('[data-testid=account-link]')).toBeNull();
    (fixture.nativeElement.querySelector('[data-testid=user-menu]') as HTMLElement).click();
    await fixture.whenStable();
    const link = document.querySelector('[data-testid=account-link]') as HTMLAnchorElement | null;
    expect(link?.textContent?.trim()).toBe('Account');
    expect(link?.getAttribute('href')).toBe('/account');
  });

  it('the user menu leads to the Activity page', async () => {
    expect(document.querySelector('[data-testid=activity-link]')).toBeNull();
    (fixture.nativeElement.querySelector('[data-testid=user-menu]') as HTMLElement).click();
    await fixture.whenStable();
    const link = document.querySelector('[data-testid=activity-link]') as HTMLAnchorElement | null;
    expect(link?.textContent?.trim()).toBe('Activity');
    expect(link?.getAttribute('href')).toBe('/activity');
  });

  it('logout in the user menu calls AuthService.logout', async () => {
    const logout = jest.spyOn(TestBed.inject(AuthService), 'logout').mockResolvedValue();
    expect(document.querySelector('[data-testid=logout]')).toBeNull();

    (fixture.nativeElement.querySelector('[data-testid=user-menu]') as HTMLElement).click();
    await fixture.whenStable();
    const item = document.querySelector('[data-testid=logout]') as HTMLElement | null;
    expect(item).not.toBeNull();
    expect(logout).not.toHaveBeenCalled();

    item!.click();
    await fixture.whenStable();
    expect(logout).toHaveBeenCalledTimes(1);
  });
});
