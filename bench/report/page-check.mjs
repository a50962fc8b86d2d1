// Opens one page in headless Chromium (Debian's chromium, driven by playwright-core) and prints
// what a person would see as JSON: whether each chart drew, console errors, every request and
// the ones that would have left this machine (they are blocked), horizontal overflow at the
// window width, element ids used twice (a chart finds its canvas by id), and whether each element
// marked data-first-screen lies within the first screen. With --screenshot it saves a PNG of the
// first screen.
//
//   node bench/report/page-check.mjs --url URL [--screenshot PNG] [--width 1366] [--height 768]
//                             [--wait-ms 1500] [--timeout-ms 30000]
//
// bench/report/browser.py runs it (the report's screenshot, the browser tests). CHROMIUM overrides
// /usr/bin/chromium. Playwright never downloads a browser here: only executablePath is used.
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    screenshot: { type: "string" },
    width: { type: "string", default: "1366" },
    height: { type: "string", default: "768" },
    "wait-ms": { type: "string", default: "1500" },
    "timeout-ms": { type: "string", default: "30000" },
  },
});
if (!options.url) {
  console.error("page-check.mjs: --url is required");
  process.exit(2);
}
const width = Number(options.width);
const height = Number(options.height);
const timeout = Number(options["timeout-ms"]);

// The launch flags that work on the benchmark machine (no sandbox as root, no GPU, and no
// background traffic of Chromium's own); playwright adds a fresh user data directory. The
// resolver rule makes every host but localhost and 127.0.0.1 unresolvable, so even a request
// the route below did not see could not reach another machine.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
});
const result = { url: options.url, consoleErrors: [], requests: [], blocked: [], failed: [], charts: [] };
try {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on("console", (message) => {
    if (message.type() === "error") result.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => result.consoleErrors.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    if (!result.blocked.includes(request.url())) {
      result.failed.push({ url: request.url(), error: request.failure()?.errorText });
    }
  });
  page.on("response", (response) => {
    if (response.status() >= 400) result.failed.push({ url: response.url(), status: response.status() });
  });
  // Only this machine: file:, data:, blob: and loopback addresses; anything else is stopped
  // before it leaves and reported.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    result.requests.push(url);
    if (isLocal(url)) return route.continue();
    result.blocked.push(url);
    return route.abort("blockedbyclient");
  });
  const response = await page.goto(options.url, { waitUntil: "load", timeout });
  result.status = response ? response.status() : null;
  // Time for Chart.js animations and the console pages' range queries to finish.
  await page.waitForLoadState("networkidle", { timeout }).catch(() => {});
  await page.waitForTimeout(Number(options["wait-ms"]));
  result.title = await page.title();
  result.charts = await page.evaluate(inspectCharts);
  result.layout = await page.evaluate(inspectLayout);
  result.firstScreen = await page.evaluate(inspectFirstScreen, height);
  result.duplicateIds = await page.evaluate(() => {
    const ids = [...document.querySelectorAll("[id]")].map((node) => node.id);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });
  if (options.screenshot) {
    await page.screenshot({ path: options.screenshot, fullPage: false });
    result.screenshot = options.screenshot;
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 1));

function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  if (["file:", "data:", "blob:", "about:"].includes(protocol)) return true;
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

// Runs in the page. A <canvas> (Chart.js) counts as drawn when it has a visible size and any
// non-transparent pixel; a Rickshaw graph (console pages) when its SVG has a line or area path
// with points in it.
function inspectCharts() {
  const charts = [];
  for (const canvas of document.querySelectorAll("canvas")) {
    let painted = 0;
    if (canvas.width && canvas.height) {
      const context = canvas.getContext("2d");
      const pixels = context ? context.getImageData(0, 0, canvas.width, canvas.height).data : [];
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
    }
    const box = canvas.getBoundingClientRect();
    charts.push({ kind: "canvas", id: canvas.id || null, width: Math.round(box.width),
                  height: Math.round(box.height), paintedPixels: painted, drawn: painted > 0 && box.width > 0 });
  }
  for (const graph of document.querySelectorAll(".rickshaw_graph")) {
    const panel = graph.closest("[id]");
    const paths = [...graph.querySelectorAll("svg path")].filter((p) => (p.getAttribute("d") || "").length > 10);
    const box = graph.getBoundingClientRect();
    const error = graph.querySelector(".prom_graph_error");
    charts.push({ kind: "svg", id: panel ? panel.id : null, width: Math.round(box.width), height: Math.round(box.height),
                  paths: paths.length, error: error ? error.textContent : null,
                  drawn: paths.length > 0 && box.width > 0 && !error });
  }
  return charts;
}

// Runs in the page: the elements that must be seen without scrolling, and whether they are.
function inspectFirstScreen(height) {
  return [...document.querySelectorAll("[data-first-screen]")].map((node) => {
    const box = node.getBoundingClientRect();
    return { text: node.innerText, bottom: Math.round(box.bottom), within: box.top >= 0 && box.bottom <= height };
  });
}

// Runs in the page: does the page scroll sideways at this width, and if so, because of what?
function inspectLayout() {
  const viewport = document.documentElement.clientWidth;
  const overflow = document.documentElement.scrollWidth > viewport + 1;
  const wide = [];
  for (const node of overflow ? document.body.querySelectorAll("*") : []) {
    const box = node.getBoundingClientRect();
    if (box.right > viewport + 1 && box.width > 0) {
      const parent = node.parentElement?.getBoundingClientRect();
      if (!parent || parent.right <= viewport + 1) {
        wide.push({ tag: node.tagName.toLowerCase(), id: node.id || null, className: String(node.className || ""),
                    right: Math.round(box.right) });
      }
    }
  }
  return { viewportWidth: viewport, scrollWidth: document.documentElement.scrollWidth,
           horizontalOverflow: overflow, tooWide: wide.slice(0, 20) };
}
