// One invocation, step for step as the Node worker's InvocationHandler runs it: the programming
// model builds the arguments from the RPC request, pre-invocation hooks run, the function runs,
// post-invocation hooks run, and the programming model shapes the RPC response.
import type {
  CoreInvocationContext,
  InvocationState,
  RpcFunctionMetadata,
  RpcInvocationRequest,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
} from "./coreTypes";
import { getHooks, workerState, type RegisteredFunction } from "./workerState";

export type InvocationLogSink = (fn: string, invocationId: string, level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

const rpcMetadataCache = new WeakMap<RegisteredFunction, RpcFunctionMetadata>();

function toRpcMetadata(fn: RegisteredFunction): RpcFunctionMetadata {
  const cached = rpcMetadataCache.get(fn);
  if (cached) return cached;
  const { metadata } = fn;
  const rpc: RpcFunctionMetadata = {
    name: metadata.name,
    functionId: metadata.functionId ?? metadata.name,
    bindings: metadata.bindings,
    rawBindings: Object.entries(metadata.bindings).map(([name, b]) => JSON.stringify({ ...b, name })),
    retryOptions: metadata.retryOptions ?? null,
    scriptFile: "n/a",
  };
  rpcMetadataCache.set(fn, rpc);
  return rpc;
}

async function runHooks(name: "preInvocation" | "postInvocation", ctx: unknown): Promise<void> {
  for (const hook of getHooks(name)) await hook(ctx);
}

export async function invokeFunction(
  fn: RegisteredFunction,
  request: RpcInvocationRequest & { invocationId: string },
  logSink: InvocationLogSink,
): Promise<RpcInvocationResponse> {
  const model = workerState.programmingModel;
  if (!model) throw new Error("No programming model has been set by the app.");
  const name = fn.metadata.name;
  const coreCtx: CoreInvocationContext = {
    invocationId: request.invocationId,
    request: { ...request, functionId: fn.metadata.functionId ?? name },
    metadata: toRpcMetadata(fn),
    state: undefined as InvocationState | undefined,
    log(level, category, message) {
      logSink(name, request.invocationId, level, category, message);
    },
  };
  const invocModel = await model.getInvocationModel(coreCtx);
  const hookData: Record<string, unknown> = {};
  const args = await invocModel.getArguments();
  const context = args.context;

  const pre = {
    hookData,
    appHookData: workerState.appHookData,
    invocationContext: context,
    functionCallback: fn.callback,
    inputs: args.inputs,
  };
  coreCtx.state = "preInvocationHooks";
  try {
    await runHooks("preInvocation", pre);
  } finally {
    coreCtx.state = undefined;
  }

  const post = {
    hookData,
    appHookData: workerState.appHookData,
    invocationContext: context,
    inputs: pre.inputs,
    result: null as unknown,
    error: null as unknown,
  };
  coreCtx.state = "invocation";
  try {
    post.result = await invocModel.invokeFunction(context, pre.inputs, pre.functionCallback);
  } catch (err) {
    post.error = err;
  } finally {
    coreCtx.state = undefined;
  }

  coreCtx.state = "postInvocationHooks";
  try {
    await runHooks("postInvocation", post);
  } finally {
    coreCtx.state = undefined;
  }
  if (post.error !== null && post.error !== undefined) throw post.error;
  return invocModel.getResponse(context, post.result);
}
