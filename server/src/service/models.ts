// The catalog as a user browses it (`gen models`): each model with its price for a typical
// generation, where that price comes from and its lifecycle on a given day, cheapest first by kind.
import type { Catalog, CatalogModel, ModelKind, PriceSource } from "../catalog/catalog";
import { LifecycleOn, lifecycleOn } from "../catalog/dates";
import { TypicalPrice, typicalPrice } from "../cost/typical";

/** The kinds, in the order they are listed. */
export const modelKinds: readonly ModelKind[] = ["image", "video", "audio", "upscale", "reframe"];

export interface ModelEntry {
  model: CatalogModel;
  /** The cheapest typical generation ("a 5 s clip at 540p"), or none when the model has no price. */
  typical?: TypicalPrice;
  /** The first of its price sources: the one that gives every price a later one does not cover. */
  source?: PriceSource;
  lifecycle: LifecycleOn;
}

/** The models of `kind` (every kind when absent), by kind, then cheapest first; models without a price last, by id. */
export function listModels(catalog: Catalog, options: { kind?: ModelKind; today?: string } = {}): ModelEntry[] {
  const entries = catalog.models
    .filter((model) => options.kind === undefined || model.kind === options.kind)
    .map((model): ModelEntry => {
      const entry: ModelEntry = { model, lifecycle: lifecycleOn(model, options.today) };
      const typical = typicalPrice(model);
      if (typical) entry.typical = typical;
      if (model.priceSources?.length) entry.source = model.priceSources[0];
      return entry;
    });
  const price = (entry: ModelEntry) => entry.typical?.usd ?? Infinity;
  return entries.sort((a, b) =>
    modelKinds.indexOf(a.model.kind) - modelKinds.indexOf(b.model.kind)
    || price(a) - price(b)
    || a.model.id.localeCompare(b.model.id));
}
