/**
 * A run as one self-contained HTML file, fit for a paper's supplementary material: the settings,
 * every chart as inline SVG (salience heatmap with its legend, layer distribution, class × layer,
 * accuracies), the tables, and the top neurons with their top words and shaded sentences. No
 * script, no external reference: it opens offline from disk (file://) in any browser.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import type { NeuronDetail } from '../../../workers/protocol';
import { layerDistributionPerClass } from '../../core/evaluation';
import type { RunRecord } from '../../core/run/types';
import { AccuracyChart, ActivationLegend, ActivationText, heatmapSvg, LayerDistribution, legendSvg } from '../charts';
import { cellLayout, NEUTRAL, rankColor, rankOf, topCount, topRankPixels } from '../charts/salience';
import { ClassLayerGrid, classLayerLegend, classLayerRows } from '../run/ClassLayerView';
import { AccuracyTables, pct } from '../run/AccuracyView';

/** What the report shows of one top neuron: detail from the run's activations, or only top words (a shared link). */
export interface ReportNeuron {
  neuron: number;
  topWords: { word: string; score: number }[];
  sentences?: NeuronDetail['sentences'];
  histogram?: NeuronDetail['histogram'];
}

export const REPORT_TOP_PERCENT = 5;
/** Top neurons detailed in a report. */
export const REPORT_NEURONS = 10;

const STYLE = `
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d2733; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #dde3ea; } h3 { font-size: 1rem; }
table { border-collapse: collapse; font-size: 0.88rem; margin: 0.5rem 0; } th, td { text-align: left; padding: 0.25rem 0.6rem; border-bottom: 1px solid #e5e9ef; }
.numbers { font-variant-numeric: tabular-nums; } .hint { color: #4a5a6a; font-size: 0.9rem; } caption { text-align: left; font-weight: 600; }
.chart-actions, select, label { display: none; } figure { margin: 0 0 1rem; } figcaption { font-weight: 600; font-size: 0.9rem; }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 0.5rem 1rem; }
.neuron { border-top: 1px solid #dde3ea; padding-top: 0.5rem; } .top-words { columns: 3; font-size: 0.9rem; }
.activation-text { line-height: 2; margin: 0.25rem 0; } .activation-text span, .activation-legend span { padding: 0.1rem 0.25rem; border-radius: 3px; }
svg { max-width: 100%; height: auto; }
`;

const escape = (s: string) => s.replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The report's HTML (a whole document). */
export function htmlReport(run: RunRecord, neurons: ReportNeuron[], generated = new Date()): string {
  const body = renderToStaticMarkup(<Report run={run} neurons={neurons} />);
  const result = run.result!;
  const { layers, neuronsPerLayer } = result;
  const total = layers * neuronsPerLayer;
  const k = topCount(total, REPORT_TOP_PERCENT);
  const heatmap = heatmapSvg(topRankPixels(cellLayout(layers, neuronsPerLayer), rankOf(result.ranking.ordering, total), k), layers, neuronsPerLayer, `Top ${REPORT_TOP_PERCENT}% of the ranking (${k} neurons), by rank`, {
    title: `Rank in the top ${REPORT_TOP_PERCENT}%`,
    color: rankColor,
    ticks: [
      { t: 0, label: 'rank 1' },
      { t: 1, label: String(k) },
    ],
    other: { color: NEUTRAL, label: `below the top ${REPORT_TOP_PERCENT}%` },
  });
  const heatmapFigure = `<figure data-chart="heatmap"><figcaption>Salient neurons: layers × neurons</figcaption>${heatmap.text.replace(/^<\?xml[^>]*>\s*/, '')}</figure>`;
  const title = `Salient: ${run.settings.task} in ${run.settings.model}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Salient">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<!-- Generated ${generated.toISOString()} by Salient; self-contained: no scripts, no external files. -->
${body.replace('<div data-slot="heatmap"></div>', heatmapFigure)}
</body>
</html>
`;
}

function Report({ run, neurons }: { run: RunRecord; neurons: ReportNeuron[] }) {
  const result = run.result!;
  const { settings } = run;
  const npl = result.neuronsPerLayer;
  const rows = classLayerRows(layerDistributionPerClass(result));
  const rank = rankOf(result.ranking.ordering, result.layers * npl);
  const legend = classLayerLegend(rows, 'counts');
  const settingsRows: [string, string][] = [
    ['Model', `${settings.model}${settings.onnxFile ? ` (${settings.onnxFile})` : ''}`],
    ['Property', settings.task],
    ...settings.corpora.map((c): [string, string] => [`${c.split} corpus`, `${c.name}: ${c.sentences.toLocaleString('en-US')} sentences, ${c.words.toLocaleString('en-US')} words, hash ${c.hash.slice(0, 16)}`]),
    ['Shape', `${result.layers} layers × ${npl} neurons; ${result.labels.length} classes`],
    ['Examples', `train ${result.counts.train.toLocaleString('en-US')}, dev ${result.counts.dev.toLocaleString('en-US')}, test ${result.counts.test.toLocaleString('en-US')}`],
    ['Probe', `elastic net, λ1 ${settings.lambda1}, λ2 ${settings.lambda2}, ${settings.epochs} epochs, seed ${settings.seed}`],
    ['Words', `aggregation ${settings.aggregation}, token cap ${settings.maxTrainTokens.toLocaleString('en-US')}, min label count ${settings.minLabelCount}${settings.balance ? ', balanced' : ''}`],
  ];
  return (
    <>
      <h1>
        {settings.task} in {settings.model}
      </h1>
      <p className="hint">Salient neurons found by Linguistic Correlation Analysis (Durrani, Dalvi & Sajjad, JMLR 2023) with Salient.</p>
      <h2>Settings</h2>
      <table data-testid="report-settings">
        <tbody>
          {settingsRows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Where the property lives</h2>
      <div data-slot="heatmap"></div>
      <LayerDistribution counts={result.layerDistribution} name="report-layers" />
      <figure data-chart="class-layers">
        <figcaption>Top neurons per class and layer (rows by mean layer)</figcaption>
        <LegendSvg spec={legend} />
        <ClassLayerGrid rows={rows} mode="counts" layers={result.layers} />
      </figure>
      <h2>Accuracy</h2>
      <AccuracyChart result={result} />
      <AccuracyTables result={result} />
      <h2>Per class</h2>
      <table className="numbers" data-testid="report-classes">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Top neurons</th>
            <th scope="col">Test recall</th>
            <th scope="col">First neurons (layer:unit)</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(result.ranking.perClass).map(([label, list]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{list.length}</td>
              <td>{pct(result.oracle.test.perClass[label])}</td>
              <td>{list.slice(0, 12).map((n) => `${Math.floor(n / npl)}:${n % npl}`).join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Top neurons</h2>
      <p className="hint">Top words: NeuroX’s get_top_words (mean |z-score| per word type, normalised, threshold 0.1). Sentences: where the neuron fires hardest, each word shaded by its activation.</p>
      {neurons.map((n) => {
        const scale = n.histogram ? Math.max(1e-9, Math.abs(n.histogram.min), Math.abs(n.histogram.max)) : undefined;
        return (
          <section key={n.neuron} className="neuron" data-testid="report-neuron" data-neuron={n.neuron}>
            <h3>
              Rank {rank[n.neuron] + 1}: neuron {n.neuron} ({n.neuron < npl ? 'embeddings' : `layer ${Math.floor(n.neuron / npl)}`}, unit {n.neuron % npl})
            </h3>
            <ol className="top-words" data-testid="report-top-words">
              {n.topWords.slice(0, 15).map((w) => (
                <li key={w.word}>
                  <span dir="auto">{w.word}</span> <span className="hint">{w.score.toFixed(2)}</span>
                </li>
              ))}
            </ol>
            {n.histogram && <HistogramSvg {...n.histogram} />}
            {scale !== undefined && <ActivationLegend scale={scale} />}
            {n.sentences?.map((s, i) => <ActivationText key={i} words={s.words} values={s.values} scale={scale} />)}
          </section>
        );
      })}
    </>
  );
}

function LegendSvg({ spec }: { spec: ReturnType<typeof classLayerLegend> }) {
  const { markup, height } = legendSvg(spec, 0, 0);
  return <svg width={560} height={height} dangerouslySetInnerHTML={{ __html: markup }} />;
}

function HistogramSvg({ min, max, counts }: NonNullable<ReportNeuron['histogram']>) {
  const most = Math.max(1, ...counts);
  const width = 320;
  const height = 70;
  const bar = width / counts.length;
  return (
    <svg width={width} height={height + 14} fontSize={10} role="img" aria-label={`Histogram of activations from ${min.toFixed(2)} to ${max.toFixed(2)}`} data-chart="histogram">
      {counts.map((c, i) => (
        <rect key={i} x={i * bar} y={height - (c / most) * height} width={bar - 1} height={(c / most) * height} fill="#2a9d8f" />
      ))}
      <text x={0} y={height + 12}>
        {min.toFixed(2)}
      </text>
      <text x={width} y={height + 12} textAnchor="end">
        {max.toFixed(2)}
      </text>
    </svg>
  );
}
