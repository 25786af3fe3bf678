/**
 * Renders the sample report in Debian's headless Chromium and checks the screenshot: right size,
 * not blank, and the status, phase and critical-path colours of the SVG actually drawn.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { sampleReportModel } from './__fixtures__/sample-report';
import { colourHistogram, decodePng } from './__fixtures__/png';
import { renderReportHtml } from './html';
import { CRITICAL_COLOUR, phaseColour, STATUS_COLOURS } from './palette';

const run = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';
const [WIDTH, HEIGHT] = [1400, 1000];

describe('report.html in headless Chromium', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('nx-stories-report-');
  });
  afterAll(() => dir.cleanup());

  it('renders the graph and the timeline', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    const page = join(dir.path, 'report.html');
    const screenshot = join(dir.path, 'report.png');
    writeFileSync(page, renderReportHtml(sampleReportModel()));
    await run(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(dir.path, 'profile')}`,
        `--screenshot=${screenshot}`,
        `--window-size=${WIDTH},${HEIGHT}`,
        `file://${page}`,
      ],
      { timeout: 60_000 },
    );

    const png = decodePng(readFileSync(screenshot));
    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    const histogram = colourHistogram(png);
    const commonest = Math.max(...histogram.values());
    expect(histogram.size).toBeGreaterThan(500); // text antialiasing, fills and tints
    expect(1 - commonest / (WIDTH * HEIGHT)).toBeGreaterThan(0.25);
    // Solid fills that only the SVG and the status bar draw: nodes, bars, critical path.
    const drawn = [STATUS_COLOURS.Merged.line, STATUS_COLOURS.Failed.line, STATUS_COLOURS.Blocked.line, phaseColour('run'), phaseColour('review'), CRITICAL_COLOUR];
    expect(drawn.filter((colour) => (histogram.get(colour) ?? 0) < 200)).toEqual([]);
  });
});
