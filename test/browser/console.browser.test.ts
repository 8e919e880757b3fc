/**
 * The console in headless Chromium against a real local server: sign-in,
 * workspaces, upload with progress, the preview, live changes written by an
 * agent process, agent progress, the move dialog, the history timeline (a
 * diff and a restore), and what a viewer may not do.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serve } from '@functions/cli/serve';
import { silentLogger } from '@functions/ports/logger';
import { theBrowser } from '../support/browserHooks';
import { buildConsoleOnce, pixelAt } from '../support/console';

const ROOT = resolve(__dirname, '../..');
/** A <progress> as the page sees it (the tests compile against Node's lib, not the DOM's). */
type Progress = { value: number };

describe('console in Chromium (local backend)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let dataDir: string;
  let base: string;
  let stop: () => Promise<void>;
  let mint: (uid: string) => string;
  let dropConnections: () => void;

  before(async () => {
    await buildConsoleOnce();
    dataDir = mkdtempSync(join(tmpdir(), 'websplat-console-browser-'));
    const started = await serve({ dataDir, port: 0, host: '127.0.0.1', logger: silentLogger });
    base = started.url;
    mint = (uid) => started.runtime.tokens.mint(uid, { ttlSeconds: 3600 });
    dropConnections = () => started.server.closeAllConnections();
    stop = async () => {
      started.server.closeAllConnections();
      await new Promise<void>((r) => started.server.close(() => r()));
      await started.runtime.close();
    };
    browser = theBrowser(); // the tier's one Chromium; every test opens its own context
  });
  after(async () => {
    await stop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signedIn(
    uid: string,
    viewport = { width: 1280, height: 800 },
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/`);
    await page.getByLabel('User id').fill(uid);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('uid').filter({ hasText: uid }).waitFor();
    return { context, page };
  }

  async function createWorkspace(page: Page, name: string): Promise<string> {
    await page.goto(`${base}/#/`);
    await page.getByLabel('New workspace name').fill(name);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByTestId('live').filter({ hasText: 'Live' }).waitFor();
    return decodeURIComponent(/#\/w\/([^/]+)/.exec(page.url())![1]!);
  }

  /**
   * The preview's colour at (0.5, 0.8), sampled until `painted` holds or 10 s pass. The console
   * reloads the frame (a new iframe) on change events, so a sample may catch the old one leaving.
   */
  async function previewColour(page: Page, painted: (rgb: [number, number, number]) => boolean) {
    let rgb: [number, number, number] = [0, 0, 0];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(250)) {
      const shot = await page
        .getByTestId('preview')
        .screenshot({ timeout: 2000 })
        .catch(() => undefined); // detached by a reload: sample the new frame next time
      if (!shot) continue;
      rgb = await pixelAt(browser, shot, 0.5, 0.8);
      if (painted(rgb)) break;
    }
    return rgb;
  }

  it('signs in with the development sign-in and shows an empty state that says what to do', async () => {
    const { context, page } = await signedIn('alice');
    try {
      await page.getByText('No workspaces yet').waitFor();
      assert.match(await page.locator('.empty').innerText(), /Create workspace/);
    } finally {
      await context.close();
    }
  });

  it('signs in and creates a workspace with the keyboard alone, focus always visible', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/`);
      await page.getByLabel('User id').waitFor();
      assert.equal(
        await page.evaluate("document.activeElement?.getAttribute('name')"),
        'uid',
        'focus starts in the form',
      );
      // Before the form: the brand link, and first of all a skip link, shown while focused.
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await page.evaluate('document.activeElement?.textContent'), 'Skip to content');
      const skip = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
      assert.ok(skip && skip.x >= 0 && skip.y >= 0, 'the focused skip link is on screen');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.type('kim');
      await page.keyboard.press('Enter');
      await page.getByTestId('uid').filter({ hasText: 'kim' }).waitFor();
      await page.getByLabel('New workspace name').focus();
      await page.keyboard.type('Keyboard site');
      await page.keyboard.press('Tab');
      const outline = (await page.evaluate(
        '({ text: document.activeElement.textContent, style: getComputedStyle(document.activeElement).outlineStyle, width: getComputedStyle(document.activeElement).outlineWidth })',
      )) as { text: string; style: string; width: string };
      assert.equal(outline.text, 'Create workspace');
      assert.equal(outline.style, 'solid');
      assert.equal(outline.width, '3px');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Keyboard site' }).waitFor();
      // The tabs follow the ARIA pattern: arrow keys move between them.
      await page.getByRole('tab', { name: 'Files and preview' }).focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getByRole('tab', { name: 'History' }).getAttribute('aria-selected'), 'true');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getByRole('tab', { name: /Agents/ }).getAttribute('aria-selected'), 'true');
      await page.getByText('No agent has reported progress here yet').waitFor();
    } finally {
      await context.close();
    }
  });

  it('creates, renames, archives and deletes workspaces from the list', async () => {
    const { context, page } = await signedIn('carol');
    try {
      await createWorkspace(page, 'Draft site');
      await page.goto(`${base}/#/`);
      await page.getByRole('button', { name: 'Rename Draft site' }).click();
      await page.getByLabel('New name for Draft site').fill('Launch site');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('link', { name: 'Launch site' }).waitFor();
      await page.getByRole('button', { name: 'Archive Launch site' }).click();
      await page.getByText('No workspaces yet').waitFor();
      await page.getByRole('button', { name: 'Archived', exact: true }).click();
      await page.getByRole('link', { name: 'Launch site' }).waitFor();
      await page.getByRole('button', { name: 'Delete Launch site' }).click(); // confirm() is accepted
      await page.getByText('No archived workspaces').waitFor();
    } finally {
      await context.close();
    }
  });

  /**
   * A signed-in owner's workspace with an "agent" process beside it (test/browser/agent.ts,
   * writing through the client library), for the describe block it is called in.
   */
  function watchedWorkspace(uid: string, name: string) {
    let owner: { context: BrowserContext; page: Page } | undefined;
    let workspaceId = '';
    let agent: ChildProcess | undefined;
    let agentOut: Interface | undefined;
    before(async () => {
      owner = await signedIn(uid);
      workspaceId = await createWorkspace(owner.page, name);
      agent = spawn(
        process.execPath,
        [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(__dirname, 'agent.ts'), base, mint(uid), workspaceId],
        { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
      );
      agentOut = createInterface({ input: agent.stdout! });
    });
    after(async () => {
      agent?.kill();
      await owner?.context.close();
    });
    return {
      /** The owner's page and the workspace, once the block's first hook has run. */
      now: () => ({ owner: owner!, workspaceId }),
      /** Sends the agent one command and waits for its "ok". */
      tell: (command: Record<string, unknown>) =>
        new Promise<void>((resolveLine, reject) => {
          agentOut!.once('line', (line) => (line === 'ok' ? resolveLine() : reject(new Error(line))));
          agent!.stdin!.write(`${JSON.stringify(command)}\n`);
        }),
    };
  }

  describe('one workspace, watched while an agent writes', () => {
    const watched = watchedWorkspace('olivia', 'Bakery site');
    let owner: { context: BrowserContext; page: Page };
    let workspaceId: string;
    before(() => ({ owner, workspaceId } = watched.now()));
    const tell = watched.tell;

    it('uploads a file through the picker with a progress bar that moves, and lists it with size and type', async () => {
      const { page } = owner;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      // Slow the upload down so the progress bar has time to be seen between 0 and 1.
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: 1024 * 1024,
      });
      const size = 3 * 1024 * 1024;
      await page.getByTestId('upload-input').setInputFiles({
        name: 'photo.bin',
        mimeType: 'application/octet-stream',
        buffer: Buffer.alloc(size, 7),
      });
      const bar = page.locator('[data-upload="photo.bin"] progress');
      await page.waitForFunction(
        (el) => (el as unknown as Progress).value > 0 && (el as unknown as Progress).value < 1,
        await bar.elementHandle(),
        { timeout: 20_000 },
      );
      await page.locator('[data-upload="photo.bin"]').getByText('done').waitFor({ timeout: 30_000 });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      const row = page.locator('[data-path="photo.bin"]');
      await row.waitFor();
      assert.match(await row.innerText(), /bin[\s\S]*3\.0 MiB/);
    });

    it('renders the site in the sandboxed preview (content and colours checked, not pixels)', async () => {
      const { page } = owner;
      await tell({
        op: 'put',
        path: 'index.html',
        contentType: 'text/html',
        content:
          '<!doctype html><html><body style="margin:0;background:#d00000;height:100vh"><h1 style="color:#fff;margin:0">Fresh bread daily</h1></body></html>',
      });
      const preview = page.frameLocator('[data-testid="preview"]');
      await preview.getByRole('heading', { name: 'Fresh bread daily' }).waitFor();
      assert.equal(await page.getByTestId('preview').getAttribute('sandbox'), 'allow-scripts allow-forms');
      // The console reloads the preview on each change event: sample until the frame has painted.
      const [r, g, b] = await previewColour(page, ([r, g, b]) => r > 180 && g < 60 && b < 60);
      assert.ok(r > 180 && g < 60 && b < 60, `expected the page's red background, got ${r},${g},${b}`);
    });

    it('shows a file another client writes, live in the tree and in the preview, without a reload', async () => {
      const { page } = owner;
      await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
      await tell({ op: 'put', path: 'menu/about.html', contentType: 'text/html', content: '<p>About us</p>' });
      await tell({
        op: 'put',
        path: 'index.html',
        contentType: 'text/html',
        content:
          '<!doctype html><html><body style="margin:0;background:#00a000;height:100vh"><h1>Now with cakes</h1></body></html>',
      });
      await page.locator('[data-folder="menu/"]').waitFor();
      await page.locator('[data-path="menu/about.html"]').waitFor();
      await page.frameLocator('[data-testid="preview"]').getByRole('heading', { name: 'Now with cakes' }).waitFor();
      const [r, g, b] = await previewColour(page, ([r, g, b]) => g > 120 && r < 60 && b < 60);
      assert.ok(g > 120 && r < 60 && b < 60, `expected green, got ${r},${g},${b}`);
      assert.equal(
        await page.evaluate(() => (globalThis as unknown as { marker: number }).marker),
        42,
        'no page reload',
      );
    });

    it('shows a text file highlighted in the viewer', async () => {
      const { page } = owner;
      await page.locator('[data-path="index.html"] button').click();
      const code = page.getByLabel('Contents of index.html');
      await code.getByText('Now with cakes').waitFor();
      assert.ok((await code.locator('.hljs-tag').count()) > 0, 'HTML tags are highlighted');
    });

    it('moves a file with an accessible dialog (labelled, focus inside, Escape closes)', async () => {
      const { page } = owner;
      await page.locator('[data-path="menu/about.html"] button').click();
      const open = page.getByRole('button', { name: 'Move or rename' });
      await open.click();
      const dialog = page.getByRole('dialog', { name: 'Move or rename menu/about.html' });
      await dialog.waitFor();
      assert.equal(
        await page.evaluate("document.activeElement?.getAttribute('name')"),
        'to',
        'focus in the path field',
      );
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      // Focus returns to the button that opened the dialog (a function: the page's CSP refuses eval of strings).
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document
            .activeElement?.textContent === 'Move or rename',
        undefined,
        { timeout: 2000 },
      );
      await open.click();
      await dialog.getByLabel('New path').fill('about-us.html');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      await page.locator('[data-path="about-us.html"]').waitFor();
      // The move's two file events (the new path, the old one gone) may arrive one after the other.
      await page.locator('[data-path="menu/about.html"]').waitFor({ state: 'detached' });
    });

    it("moves an agent's progress bar live as the agent reports", async () => {
      const { page } = owner;
      await page.getByRole('tab', { name: /Agents/ }).click();
      await page.getByText('No agent has reported progress here yet').waitFor();
      const bar = page.locator('[data-agent="builder"] progress');
      for (const [progress, step] of [
        [0.1, 'planning pages'],
        [0.6, 'writing index.html'],
      ] as const) {
        await tell({ op: 'agent', agentId: 'builder', status: 'running', step, progress });
        await page.locator('[data-agent="builder"]').getByText(step).waitFor();
        await page.waitForFunction(([el, p]) => (el as unknown as Progress).value === p, [
          await bar.elementHandle(),
          progress,
        ] as const);
      }
      await tell({ op: 'agent', agentId: 'builder', status: 'succeeded', step: 'done', progress: 1 });
      await page.locator('[data-agent="builder"] .badge.succeeded').waitFor();
      assert.equal(await page.locator('[data-agent="builder"] [data-testid="percent"]').innerText(), '100%');
    });

    it('shows shared state as a readable JSON tree, live', async () => {
      const { page } = owner;
      await page.getByRole('tab', { name: 'Shared state' }).click();
      await tell({
        op: 'state',
        key: 'plan',
        value: { pages: ['home', 'menu'], palette: { bg: '#fff' }, done: false },
      });
      const entry = page.locator('[data-key="plan"]');
      await entry.getByText('"menu"').waitFor();
      assert.match(
        await entry.innerText(),
        /pages:[\s\S]*\[2\][\s\S]*palette:[\s\S]*bg:[\s\S]*"#fff"[\s\S]*done:[\s\S]*false/,
      );
    });

    it('a viewer added on the members tab sees the workspace but no edit controls', async () => {
      const { page } = owner;
      await page.getByRole('tab', { name: 'Members' }).click();
      await page.getByLabel('User id').fill('victor');
      await page.getByRole('button', { name: 'Add member' }).click();
      await page.locator('[data-member="victor"]').waitFor();

      const viewer = await signedIn('victor');
      try {
        const vp = viewer.page;
        await vp.getByRole('link', { name: 'Bakery site' }).waitFor();
        assert.equal(
          await vp.getByRole('button', { name: /^(Rename|Archive|Unarchive|Delete) Bakery site$/ }).count(),
          0,
        );
        await vp.getByRole('link', { name: 'Bakery site' }).click();
        await vp.getByTestId('viewer-note').waitFor();
        assert.match(await vp.getByTestId('viewer-note').innerText(), /You are a viewer of this workspace/);
        await vp.locator('[data-path="index.html"] button').click();
        await vp.getByRole('button', { name: 'Download' }).waitFor();
        assert.equal(await vp.getByTestId('upload-input').count(), 0);
        assert.equal(await vp.getByRole('button', { name: /Delete|Move/ }).count(), 0);
        await vp.getByRole('tab', { name: 'Members' }).click();
        assert.equal(await vp.getByRole('button', { name: /Add member|Remove/ }).count(), 0);
        // Live for viewers too.
        await tell({ op: 'put', path: 'news.html', contentType: 'text/html', content: '<p>news</p>' });
        await vp.getByRole('tab', { name: 'Files and preview' }).click();
        await vp.locator('[data-path="news.html"]').waitFor();
      } finally {
        await viewer.context.close();
      }
    });

    it('says when the change stream is reconnecting, and catches up with what changed meanwhile', async () => {
      const { page } = owner;
      await page.getByRole('tab', { name: 'Files and preview' }).click();
      const live = page.getByTestId('live');
      await live.filter({ hasText: 'Live' }).waitFor();
      dropConnections(); // every open connection, the event stream's too
      await live.filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 10_000 });
      await tell({ op: 'put', path: 'while-away.html', contentType: 'text/html', content: '<p>missed?</p>' });
      await live.filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
      await page.locator('[data-path="while-away.html"]').waitFor();
    });

    it('works at phone width: the tree, viewer and preview stack in one column', async () => {
      const phone = await signedIn('olivia', { width: 390, height: 844 });
      try {
        await phone.page.goto(`${base}/#/w/${encodeURIComponent(workspaceId)}`);
        await phone.page.locator('[data-path="index.html"]').waitFor();
        const width = (await phone.page.evaluate('document.documentElement.scrollWidth')) as number;
        assert.ok(width <= 390, `no horizontal scrolling (page is ${width}px wide)`);
        const tree = await phone.page.locator('.tree-pane').boundingBox();
        const preview = await phone.page.locator('.preview-pane').boundingBox();
        assert.ok(tree && preview && preview.y > tree.y + tree.height - 1, 'preview below the tree');
      } finally {
        await phone.context.close();
      }
    });
  });
  describe('history: the timeline, a diff, a restore and checkpoints', () => {
    const watched = watchedWorkspace('hana', 'Florist site');
    let owner: { context: BrowserContext; page: Page };
    let workspaceId: string;
    before(() => ({ owner, workspaceId } = watched.now()));
    const tell = watched.tell;
    // The page takes its colours from a linked stylesheet: the preview must load it (preview link).
    const page = (heading: string) =>
      `<!doctype html><html><head><link rel="stylesheet" href="style.css"></head><body><h1>${heading}</h1></body></html>\n`;
    const css = (colour: string) => `body { margin: 0; height: 100vh; background: ${colour}; }\n`;

    it('lists commits live, shows a diff of two versions, and restores the older one after a confirmation', async () => {
      const { page: p } = owner;
      await tell({
        op: 'commit',
        message: 'First draft',
        changes: [
          { path: 'index.html', contentType: 'text/html', content: page('Tulips in spring') },
          { path: 'style.css', contentType: 'text/css', content: css('#0000c0') },
        ],
      });
      await p.getByRole('tab', { name: 'History' }).click();
      await p.locator('[data-commit]').filter({ hasText: 'First draft' }).waitFor();
      // Written while the timeline is open: it appears at the top without a reload.
      await tell({
        op: 'commit',
        message: 'Second draft',
        changes: [{ path: 'index.html', contentType: 'text/html', content: page('Roses all year') }],
      });
      const second = p.locator('[data-commit]').filter({ hasText: 'Second draft' });
      await second.waitFor();
      assert.match(await p.locator('[data-commit]').first().innerText(), /Second draft/, 'newest first');
      assert.match(await second.innerText(), /hana[\s\S]*1 file/);

      await second.getByRole('button').click();
      await p.getByTestId('commit').getByRole('button', { name: 'Versions of index.html' }).click();
      const versions = p.locator('.version-list > li');
      await versions.nth(1).waitFor();
      assert.equal(await versions.count(), 2);
      assert.match(await versions.nth(0).innerText(), /current/);
      const older = versions.nth(1);
      await older.getByRole('button', { name: 'Compare with current' }).click();
      const diff = p.getByTestId('diff');
      await diff.locator('.del').filter({ hasText: 'Tulips in spring' }).waitFor();
      await diff.locator('.add').filter({ hasText: 'Roses all year' }).waitFor();
      assert.match(await diff.locator('.del').first().innerText(), /^-/);

      // The confirmation: labelled, focus starts on Cancel and stays inside, Escape closes it.
      const restore = older.getByRole('button', { name: 'Restore this version' });
      await restore.click();
      const dialog = p.getByRole('dialog', { name: 'Restore index.html?' });
      await dialog.waitFor();
      assert.match(await dialog.innerText(), /kept in the history, so this restore can be undone/);
      assert.equal(await p.evaluate('document.activeElement?.textContent'), 'Cancel');
      for (let i = 0; i < 4; i++) {
        await p.keyboard.press('Tab');
        assert.ok(
          await p.evaluate("Boolean(document.activeElement?.closest('dialog'))"),
          `focus stays in the dialog (after ${i + 1} Tab)`,
        );
      }
      await p.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.match(await p.locator('[data-commit]').first().innerText(), /Second draft/, 'Escape restored nothing');
      await restore.click();
      await dialog.getByRole('button', { name: 'Restore' }).click();
      await dialog.waitFor({ state: 'detached' });

      // The restore is a commit of its own, on the timeline, and the file is the old one again.
      await p
        .locator('[data-commit]')
        .first()
        .filter({ hasText: /Restore index\.html to generation/ })
        .waitFor();
      await versions.nth(2).waitFor();
      assert.match(await versions.nth(0).innerText(), /current/);
      await p.getByRole('tab', { name: 'Files and preview' }).click();
      await p.locator('[data-path="index.html"] button').click();
      await p.getByLabel('Contents of index.html').getByText('Tulips in spring').waitFor();
      const frame = p.frameLocator('[data-testid="preview"]');
      await frame.getByRole('heading', { name: 'Tulips in spring' }).waitFor();
    });

    it('previews through a preview link, so a linked style.css applies in the sandboxed frame', async () => {
      const { page: p } = owner;
      const src = (await p.getByTestId('preview').getAttribute('src')) ?? '';
      assert.match(src, /^\/v1\/p\/[^/]+\/$/, 'a preview link, not the token in the query');
      assert.doesNotMatch(src, /access_token/);
      const [r, g, b] = await previewColour(p, ([r, g, b]) => b > 150 && r < 60 && g < 60);
      assert.ok(b > 150 && r < 60 && g < 60, `expected style.css's blue background, got ${r},${g},${b}`);
      // The frame reloaded on every change, yet through one link: reloads do not mint links.
      const links = await fetch(`${base}/v1/workspaces/${workspaceId}/links`, {
        headers: { Authorization: `Bearer ${mint('hana')}` },
      });
      const items = ((await links.json()) as { items: { label: string; url: string }[] }).items;
      assert.equal(items.filter((l) => l.label === 'console preview').length, 1);
      assert.ok(items.some((l) => l.url.endsWith(src)));
    });

    it('takes a checkpoint, shows what an agent changed since, and restores it after a confirmation', async () => {
      const { page: p } = owner;
      await p.getByRole('tab', { name: 'History' }).click();
      await p.locator('.timeline-pane').getByRole('button', { name: 'Take checkpoint' }).click();
      const take = p.getByRole('dialog', { name: 'Take a checkpoint' });
      await take.getByLabel('Checkpoint label').fill('Before the lilies');
      await take.getByRole('button', { name: 'Take checkpoint' }).click();
      await take.waitFor({ state: 'detached' });
      const taken = p.locator('[data-checkpoint]').filter({ hasText: 'Before the lilies' });
      await taken.waitFor();
      const details = p.getByTestId('checkpoint');
      await details.getByRole('heading', { name: 'Before the lilies' }).waitFor();
      await details.getByText('nothing changed since').waitFor();

      await tell({
        op: 'commit',
        message: 'Lilies',
        changes: [{ path: 'index.html', contentType: 'text/html', content: page('Lilies only') }],
      });
      await p.locator('[data-commit]').filter({ hasText: 'Lilies' }).waitFor();
      await taken.getByRole('button').click();
      const changed = p.getByTestId('checkpoint-diff').locator('[data-change="index.html"][data-status="changed"]');
      await changed.waitFor();
      assert.equal(await p.getByTestId('checkpoint-diff').locator('[data-change]').count(), 1, 'only index.html');
      await changed.getByRole('button').click();
      const diff = p.getByTestId('diff');
      await diff.locator('.del').filter({ hasText: 'Tulips in spring' }).waitFor();
      await diff.locator('.add').filter({ hasText: 'Lilies only' }).waitFor();

      await details.getByRole('button', { name: 'Restore checkpoint' }).click();
      const confirm = p.getByRole('dialog', { name: 'Restore checkpoint Before the lilies?' });
      await confirm.waitFor();
      assert.match(await confirm.innerText(), /1 file differs[\s\S]*automatic checkpoint/);
      assert.equal(
        await p.evaluate('document.activeElement?.textContent'),
        'Cancel',
        'a slip of Enter restores nothing',
      );
      await confirm.getByRole('button', { name: 'Restore checkpoint' }).click();
      await confirm.waitFor({ state: 'detached' });

      // The restore is a commit, and what it replaced is kept in the automatic checkpoint, now selected.
      await p
        .locator('[data-commit]')
        .first()
        .filter({ hasText: /restore of/ })
        .waitFor();
      const automatic = p.locator('[data-checkpoint]').filter({ hasText: /before restore of/ });
      await automatic.waitFor();
      assert.equal(await automatic.getAttribute('aria-current'), 'true');
      await p.waitForFunction(
        "document.activeElement?.closest('[data-checkpoint]')?.textContent.includes('before restore of')",
      );
      await details.getByRole('heading', { name: /before restore of/ }).waitFor();
      await details.locator('[data-change="index.html"][data-status="changed"]').waitFor();

      await p.getByRole('tab', { name: 'Files and preview' }).click();
      await p.locator('[data-path="index.html"] button').click();
      await p.getByLabel('Contents of index.html').getByText('Tulips in spring').waitFor();
      await p.frameLocator('[data-testid="preview"]').getByRole('heading', { name: 'Tulips in spring' }).waitFor();
    });

    it('a viewer can read the timeline, the diffs and the checkpoints, but sees no take or restore control', async () => {
      const res = await fetch(`${base}/v1/workspaces/${workspaceId}/members/hugo`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${mint('hana')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'viewer' }),
      });
      assert.equal(res.status, 200);
      const viewer = await signedIn('hugo');
      try {
        const vp = viewer.page;
        await vp.goto(`${base}/#/w/${encodeURIComponent(workspaceId)}`);
        await vp.getByTestId('viewer-note').waitFor();
        await vp.getByRole('tab', { name: 'History' }).click();
        await vp.locator('[data-commit]').filter({ hasText: 'Second draft' }).getByRole('button').click();
        await vp.getByTestId('commit').getByRole('button', { name: 'Versions of index.html' }).click();
        const versions = vp.locator('.version-list > li');
        await versions.nth(2).waitFor();
        await versions.nth(1).getByRole('button', { name: 'Compare with current' }).click();
        await vp.getByTestId('diff').locator('.add, .del').first().waitFor();
        assert.equal(await vp.getByRole('button', { name: 'Restore this version' }).count(), 0);
        await vp.locator('[data-checkpoint]').filter({ hasText: 'Before the lilies' }).waitFor();
        await vp
          .locator('[data-checkpoint]')
          .filter({ hasText: /before restore of/ })
          .getByRole('button')
          .click();
        await vp.getByTestId('checkpoint-diff').locator('[data-change="index.html"]').waitFor();
        assert.equal(await vp.getByRole('button', { name: /Take checkpoint|Restore checkpoint/ }).count(), 0);
        assert.equal(await vp.getByRole('button', { name: /Delete|Move|Upload/ }).count(), 0);
      } finally {
        await viewer.context.close();
      }
    });
  });
});
