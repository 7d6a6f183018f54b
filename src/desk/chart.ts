import { html, type SafeHtml } from "./html.ts";

export interface DaySeries {
  /** YYYY-MM-DD, oldest first. */
  days: string[];
  /** One value per day for each series (e.g. `telegram`). */
  series: Array<{ name: string; values: number[] }>;
}

const COLOURS = ["#0b63c4", "#1a7f37", "#bf8700", "#8250df", "#cf222e"];

/**
 * A stacked bar chart of one value per day and series, as plain SVG: no script, no library, and
 * it prints. Each bar has a <title> so hovering shows the numbers.
 */
export function stackedBars(title: string, data: DaySeries): SafeHtml {
  const width = 760;
  const height = 180;
  const left = 36;
  const bottom = 22;
  const plotH = height - bottom - 8;
  const n = Math.max(1, data.days.length);
  const slot = (width - left) / n;
  const totals = data.days.map((_, i) => data.series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const y = (v: number) => (v / max) * plotH;
  const bars = data.days.map((day, i) => {
    let acc = 0;
    return data.series.map((s, j) => {
      const v = s.values[i] ?? 0;
      const h = y(v);
      const top = 8 + plotH - y(acc) - h;
      acc += v;
      return v
        ? html`<rect x="${(left + i * slot + 1).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(1, slot - 2).toFixed(1)}" height="${h.toFixed(
            1,
          )}" fill="${COLOURS[j % COLOURS.length]}"><title>${day} ${s.name}: ${v}</title></rect>`
        : "";
    });
  });
  const labels = data.days.map((d, i) =>
    i % 5 === 0 || i === n - 1
      ? html`<text x="${(left + i * slot + slot / 2).toFixed(1)}" y="${height - 6}" font-size="10" text-anchor="middle" fill="#656d76">${d.slice(5)}</text>`
      : "",
  );
  return html`<figure class="chart"><figcaption><strong>${title}</strong> ${data.series.map(
    (s, j) =>
      html`<span class="badge" style="border-color:${COLOURS[j % COLOURS.length]}">■ ${s.name}</span> `,
  )}</figcaption>
<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg">
<line x1="${left}" y1="${8 + plotH}" x2="${width}" y2="${8 + plotH}" stroke="#d0d7de"/>
<text x="${left - 4}" y="14" font-size="10" text-anchor="end" fill="#656d76">${max}</text><text x="${left - 4}" y="${8 + plotH}" font-size="10" text-anchor="end" fill="#656d76">0</text>
${bars}${labels}</svg></figure>`;
}

/** The last `count` calendar days up to `today` (YYYY-MM-DD), oldest first. */
export function lastDays(today: string, count: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) =>
    new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}
