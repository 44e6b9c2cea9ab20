import { AzureError } from "../../shared/azure/AzureError";

/** Azure's code and message when the failure came from Azure; the error's name otherwise. */
export function errorOf(e: unknown): { code: string; message: string } {
  if (e instanceof AzureError) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: e.name === "Error" ? "VendingStepFailed" : e.name, message: e.message };
  return { code: "VendingStepFailed", message: String(e) };
}
