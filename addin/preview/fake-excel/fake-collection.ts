/** Collections of the fake (worksheets, tables, names): `load('items/name')` fills `items` with loaded proxies. */
import { FakeObject, propsOf, Response } from './fake-context';

export abstract class FakeCollection<E, P extends FakeObject<E>> extends FakeObject<E[]> {
  protected defaultProps(): string[] {
    return ['name'];
  }

  protected abstract proxyFor(entity: E): P;

  protected snapshot(): unknown {
    return undefined;
  }

  override load(option?: string | string[]): this {
    const props = propsOf(option, this.defaultProps());
    this.context.enqueue({
      payload: { path: this.path, op: 'load', props },
      run: (response: Response) => this.loaded.set('items', this.entity().map((e) => this.proxyFor(e).fill(e, props, response))),
    });
    return this;
  }

  get items(): P[] {
    return this.read('items');
  }
}

