// The import parsing layer: files in, validated canonical rows and a report of rejected rows
// out. No database work here: the caller streams the rows into its own transaction.

export { readCsv, openCsv, sniffDelimiter, resolveColumn, DELIMITERS } from './csv';
export type {
  CsvSource,
  CsvTable,
  CsvOpenOptions,
  ReadCsvOptions,
  Delimiter,
  ColumnRef,
  RawRow,
} from './csv';
export { parseDecimal, sniffDecimal, decimalEvidence, splitUnit } from './numbers';
export type { DecimalSeparator, DecimalSetting, NumberOptions } from './numbers';
export { parseDateTime, isValidTimeZone } from './dates';
export type { DateOptions, DateTime, DateOrder, EpochUnit } from './dates';
export { parseDeribitInstrument, DERIBIT_EXPIRY_UTC } from './instruments';
export type { DeribitInstrument } from './instruments';
export {
  TradeMapping,
  TradeColumns,
  ColumnRefSchema,
  NumberConvention,
  DateConvention,
  parseMapping,
} from './mapping';
export type { TradeMappingInput } from './mapping';
export { PresetId, PresetOptions, PRESETS, presetSource } from './presets';
export type { PresetInfo } from './presets';
export { Fingerprinter } from './fingerprint';
export { previewImport, streamImport } from './preview';
export type {
  ImportKind,
  ImportOptions,
  TradesImportOptions,
  PricesImportOptions,
  ChainImportOptions,
  ImportReport,
  ImportSummary,
  ImportEvent,
  TradeRow,
} from './preview';
export type { PriceRow, ChainRow } from './prices';
export type { Parsed, Rejection, Progress, ProgressCallback, KnownInstrument } from './types';
