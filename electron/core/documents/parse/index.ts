export { detectDocumentFormat, sniffLength } from './detect.js';
export { extractDocument, sectionSeparator } from './extract.js';
export type { DocumentFormat, ExtractedSection, ExtractOptions } from './types.js';
