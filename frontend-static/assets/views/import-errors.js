// Import errors of the dags/ folder: files that failed to load, each with every problem found in it.
import { get } from "../api.js";

/** The import errors, `[{file_path, message, issues: [{message, line, column}]}]`. */
export async function loadImportErrors() {
  return get("/import-errors");
}
