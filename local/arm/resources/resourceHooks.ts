import type { Emulator } from "../Emulator";
import type { ArmResource } from "../state/schemas";
import type { EmuRequest } from "../types";

// Bespoke behaviour for a few resource types on top of the generic resource routes
// (any provider type is stored and served as sent; hooks add what Azure computes).

interface HookContext {
  req: EmuRequest;
  emu: Emulator;
  existing?: ArmResource;
}

export interface ResourceHook {
  /** Adjust or validate the document before it is stored (throw an ARM error to refuse). */
  beforeWrite?(doc: ArmResource, ctx: HookContext): void;
  /** Side effects once stored (child resources, the other side of a peering). */
  afterWrite?(doc: ArmResource, ctx: HookContext): void;
  /** The document as ARM GET returns it, when it differs from what is stored. */
  view?(doc: ArmResource, emu: Emulator, req?: EmuRequest): ArmResource;
  afterDelete?(doc: ArmResource, emu: Emulator): void;
}

const hooks = new Map<string, ResourceHook>();

export function registerResourceHook(type: string, hook: ResourceHook): void {
  hooks.set(type.toLowerCase(), hook);
}

export function hookFor(type: string): ResourceHook | undefined {
  return hooks.get(type.toLowerCase());
}

export function viewOf(doc: ArmResource, emu: Emulator, req?: EmuRequest): ArmResource {
  const view = hookFor(doc.type)?.view;
  return view ? view(doc, emu, req) : doc;
}
