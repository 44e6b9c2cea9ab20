// Every registered function, as `func start` lists them: HTTP triggers with their methods and URL,
// every other function with its trigger kind.
import { ROUTE_PREFIX, type Host } from "./host/startHost";
import { triggerOf } from "./host/triggerOf";

export function formatFunctionList(host: Pick<Host, "url" | "invoker" | "routes">): string[] {
  const routeOf = new Map(host.routes.map((r) => [r.fn.metadata.name, r]));
  const lines = host.invoker
    .functions()
    .map((fn) => fn.metadata.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const r = routeOf.get(name);
      if (r) return `  ${name}: [${r.methods ? [...r.methods].join(",") : "ALL"}] ${host.url}/${ROUTE_PREFIX}/${r.route.template}`;
      return `  ${name}: ${triggerOf(host.invoker.find(name)!).type}`;
    });
  return ["Functions:", ...lines];
}
