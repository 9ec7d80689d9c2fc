/**
 * A bounded memo of a function of a text. The checks fold the same few hundred names and cell
 * texts over and over; a table with many distinct texts only empties the memo now and then.
 */
export class TextMemo {
  private readonly results = new Map<string, string>();

  constructor(
    private readonly compute: (text: string) => string,
    private readonly limit = 20_000,
  ) {}

  get(text: string): string {
    let result = this.results.get(text);
    if (result === undefined) {
      result = this.compute(text);
      if (this.results.size >= this.limit) this.results.clear();
      this.results.set(text, result);
    }
    return result;
  }
}
