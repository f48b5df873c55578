export { AccuracyChart } from './AccuracyChart';
export { ActivationLegend, ActivationText } from './ActivationText';
export { BarChart, type BarSeries } from './BarChart';
export { ChartFrame } from './ChartFrame';
export { Heatmap, type Cell } from './Heatmap';
export { heatmapSvg } from './exportChart';
export { HeatmapLegend, legendSvg } from './HeatmapLegend';
export { LayerDistribution, layerName } from './LayerDistribution';
