// Spreadsheets in and out: plain async functions over the generated bindings, gathered in
// one object so a test passes its own.
import { commands } from "../bindings";
import type {
  ExportDone,
  ExportFormat,
  ExportWhat,
  IdeaQuery_Deserialize,
  ImportMapping,
  ImportProgress,
  ImportReport_Serialize,
  ImportSheet,
} from "../bindings";
import { unwrap } from "./ideas";

export type { ExportDone, ExportFormat, ExportWhat, ImportMapping, ImportProgress, ImportSheet };
export type ImportReport = ImportReport_Serialize;

export const sheetsApi = {
  readImportSheet: (name: string, base64: string, mapping: string | null): Promise<ImportSheet> =>
    unwrap(commands.readImportSheet(name, base64, mapping)),
  importIdeas: (name: string, base64: string, mapping: ImportMapping, dryRun: boolean): Promise<ImportReport> =>
    unwrap(commands.importIdeas(name, base64, mapping, dryRun)),
  importProgress: (): Promise<ImportProgress> => unwrap(commands.importProgress()),
  cancelImport: (): Promise<null> => unwrap(commands.cancelImport()),
  exportSheet: (query: IdeaQuery_Deserialize, what: ExportWhat, format: ExportFormat): Promise<ExportDone> =>
    unwrap(commands.exportSheet(query, what, format)),
};

export type SheetsApi = typeof sheetsApi;
