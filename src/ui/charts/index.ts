export { AccuracyChart } from './AccuracyChart';
export { ActivationLegend, ActivationText } from './ActivationText';
export { BarChart, type BarSeries } from './BarChart';
export { ChartFrame } from './ChartFrame';
export { Heatmap, heatmapSvg, type Cell } from './Heatmap';
export { HeatmapLegend, legendSvg } from './HeatmapLegend';
export { LayerDistribution, layerName } from './LayerDistribution';
