/** Workbook names of the fake: added with a reference formula, re-pointed by setting `formula`. */
import { FakeCollection } from './fake-collection';
import { FakeObject, Slot } from './fake-context';
import { FakeExcelError, NamedItemModel } from './workbook-model';

export class FakeNamedItem extends FakeObject<NamedItemModel> {
  protected defaultProps(): string[] {
    return ['name', 'formula'];
  }

  protected snapshot(item: NamedItemModel, prop: string): unknown {
    if (prop === 'name') return item.name;
    if (prop === 'formula') return item.formula;
    throw new FakeExcelError('NotImplemented', `The fake does not load NamedItem.${prop}.`);
  }

  get name(): string {
    return this.read('name');
  }

  get formula(): string {
    return this.read('formula');
  }
  set formula(formula: string) {
    this.write('formula', formula, (item) => void (item.formula = formula));
  }
}

export class FakeNamedItemCollection extends FakeCollection<NamedItemModel, FakeNamedItem> {
  protected proxyFor(item: NamedItemModel): FakeNamedItem {
    return new FakeNamedItem(this.context, () => item, `names[${item.name}]`);
  }

  add(name: string, reference: string): FakeNamedItem {
    const slot = new Slot<NamedItemModel>();
    this.context.enqueue({ payload: { path: 'names', op: 'add', name, reference }, run: () => void (slot.value = this.context.model.addName(name, reference)) });
    return new FakeNamedItem(this.context, slot.get, `names.add(${name})`);
  }

  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(this.context, () => this.context.model.nameByText(name), `names.getItem(${name})`);
  }
}

