// site.test.js SITE SHOTS: drives headless Chromium over a site that
// `canalyze --pointer --html SITE fixtures/html/basic` wrote, from file://,
// and prints TAP. Screenshots go to SHOTS for a person to look at.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const puppeteer = require('puppeteer-core');

const [site, shots, hotsite, locksite] = process.argv.slice(2);
let n = 0, failed = 0;
function ok(cond, name, detail) {
  n++;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!cond) { failed++; if (detail !== undefined) console.log(`#   got: ${JSON.stringify(detail).slice(0, 300)}`); }
}
const url = (p, root) => 'file://' + path.resolve(root || site, p);
const visible = (page, sel) => page.$eval(sel, (e) => !e.hidden && e.offsetParent !== null).catch(() => false);
const text = (page, sel) => page.$eval(sel, (e) => e.textContent).catch(() => '');

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'canalyze-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run',
           '--allow-file-access-from-files'],
  });
  const problems = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 800 });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('requestfailed', (r) => problems.push('failed: ' + r.url()));
    page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push('network: ' + r.url()); });

    await page.goto(url('index.html'), { waitUntil: 'load' });
    ok((await page.title()).startsWith('canalyze'), 'index.html opens from file://');
    ok((await text(page, 'main')).includes('Entry points'), 'index shows the entry points');
    await page.type('#q', 'total_ar');
    const hits = await page.$$eval('#hits li', (l) => l.map((e) => e.textContent));
    ok(hits.length >= 1 && hits[0].startsWith('total_area'), 'search finds total_area', hits);
    await page.screenshot({ path: path.join(shots, 'index.png') });

    await Promise.all([page.waitForNavigation(), page.click('#hits li a')]);
    ok(page.url().endsWith('src/shapes.c.html#L15'), 'following the hit opens its definition', page.url());
    ok(await page.$eval('#L15', (e) => e.matches(':target')), 'the definition line is the target');

    // A call through a pointer: its targets.
    await page.click('a.icall');
    ok(await visible(page, '#panel'), 'clicking a call through a pointer opens a panel');
    const targets = await text(page, '#panel');
    ok(/2 targets/.test(targets) && targets.includes('circle_area') && targets.includes('rect_area'),
       'the panel lists both targets', targets);
    await page.screenshot({ path: path.join(shots, 'call-targets.png') });

    // A function's name at its definition: its callers.
    await page.click('a.def[data-d][href="#L5"]');
    const callers = await text(page, '#panel');
    ok(/1 call site of circle_area/.test(callers) && callers.includes('total_area') &&
       callers.includes('through a pointer'), 'clicking circle_area shows its caller', callers);
    ok(await page.$eval('#L5 .cc', (e) => e.textContent === '1'), 'the caller count shows without a click');
    await page.screenshot({ path: path.join(shots, 'callers.png') });

    // A function's view, from the callers panel: its neighbourhood drawn, its
    // call tree unrolled on click.
    await Promise.all([page.waitForNavigation(), page.click('#panel a[href*="calls.html?f="]')]);
    ok((await text(page, 'header')).includes('call graph of circle_area'), 'the view of circle_area opens');
    // Its neighbourhood as an inline SVG: the focus marked, every box a link.
    const boxes = await page.$$eval('#graph svg a', (l) => l.map((a) => [a.textContent, a.getAttribute('href'),
      a.querySelector('rect').getAttribute('class')]));
    const focus = boxes.filter((b) => b[2].includes('focus'));
    ok(focus.length === 1 && focus[0][0].startsWith('circle_area') && focus[0][1].includes('shapes.c.html#L5'),
       'the graph marks circle_area and links it to its definition', boxes);
    const caller = boxes.find((b) => b[0].startsWith('total_area'));
    ok(caller && /^calls\.html\?f=\d+$/.test(caller[1]), 'its caller total_area is a box linking to its view', boxes);
    ok(boxes.some((b) => b[0].startsWith('main')), 'the caller of its caller, main, is drawn', boxes);
    ok((await page.$$('#graph svg path.e.ind')).length === 1, 'the call through a pointer is one dashed edge');
    await page.screenshot({ path: path.join(shots, 'call-graph.png') });
    ok((await text(page, '#callers')).includes('total_area') && (await text(page, '#callers')).includes('via pointer'),
       'its caller total_area, through a pointer');
    await page.click('#callers > li > .tog');
    ok((await text(page, '#callers')).includes('main'), 'unrolling total_area shows main');
    await page.screenshot({ path: path.join(shots, 'call-tree.png') });
    await Promise.all([page.waitForNavigation(), page.click(`#graph svg a[href="${caller ? caller[1] : 'none'}"]`)]);
    ok((await text(page, 'header')).includes('call graph of total_area'), 'its box opens total_area\'s view', page.url());
    await page.goBack();
    await page.goBack();
    await page.keyboard.press('Escape');

    // Hover: kind and declared type.
    await page.hover('#L16 a.v');
    ok(await visible(page, '#tip'), 'hovering a local shows a tooltip');
    const tip = await text(page, '#tip');
    ok(tip.startsWith('local') && tip.includes('double sum'), 'the tooltip says local, double sum', tip);
    await page.hover('#L17 a.a[data-s]');
    const ptip = await text(page, '#tip');
    ok(ptip.startsWith('parameter') && ptip.includes('int n'), 'hovering a parameter shows its type', ptip);
    await page.screenshot({ path: path.join(shots, 'hover.png') });

    // --pointer: what a pointer parameter may point to, with a link to it.
    await page.click('#L7 a.ptr[data-p]');
    const pts = await text(page, '#panel');
    ok(/s may point to 1 object/.test(pts) && pts.includes('all in main') && pts.includes('main.c:8'),
       'clicking a pointer shows what it may point to', pts);
    await page.screenshot({ path: path.join(shots, 'points-to.png') });
    await page.keyboard.press('Escape');

    // A link from an identifier to a definition in another file.
    await Promise.all([page.waitForNavigation(), page.click('#L7 a.M')]);
    ok(page.url().endsWith('src/shapes.h.html#L5'), 'a macro links to its #define', page.url());

    // The struct's layout.
    await page.click('a.t.def[data-l]');
    const layout = await text(page, '#panel');
    ok(/size 40, align 8/.test(layout) && (layout.match(/\(padding\)/g) || []).length === 2,
       'the struct layout shows size, alignment and two holes', layout);
    await page.screenshot({ path: path.join(shots, 'layout.png') });

    // --hotspots: a finding in the margin, its path from the hot loop.
    if (hotsite) {
      await page.goto(url('src/main.c.html', hotsite), { waitUntil: 'load' });
      await page.click('.hot[data-h="1"]');
      const hot = await text(page, '#panel');
      ok(/^#2 transient-alloc, score 4\.00/.test(hot) && hot.includes('freed in the same loop iteration') &&
         /main.*main\.c:58.*transient.*main\.c:23/.test(hot), 'a finding in the margin opens with its path', hot);
      await page.screenshot({ path: path.join(shots, 'hotspot.png') });
      await page.goto(url('index.html', hotsite), { waitUntil: 'load' });
      ok((await text(page, 'main')).includes('Hotspots (') , 'the index lists the hotspots');
    }

    // --pointer: lock peers.
    if (locksite) {
      await page.goto(url('src/locks.c.html', locksite), { waitUntil: 'load' });
      await page.click('#L17 a.lock');
      const peers = await text(page, '#panel');
      ok(/3 other lock sites/.test(peers) && peers.includes('pthread_mutex_lock in add') &&
         !peers.includes(' in push'), 'a lock through a pointer: its peers on the same lock', peers);
      await page.screenshot({ path: path.join(shots, 'lock-peers.png') });
    }

    ok(problems.length === 0, 'no console errors, no network', problems);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { console.log(`not ok ${n + 1} - ${String(e).split('\n')[0]}`); console.log(`1..${n + 1}`); process.exit(1); });
