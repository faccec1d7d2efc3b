// Month names in the locales a kernel log stamp is printed in: syslog writes C-locale `Jan`, but journalctl and
// dmesg -T follow LC_TIME (`jun 20`, `Mär  5`, `dim. 19 avril`, glibc's abbreviations). Built once from
// Intl (Node ships full ICU): the short and long forms, standalone and inside a date (`января`). A token
// matches a month when it is one of its forms, an abbreviation of one (3+ letters), or a form plus letters
// (`märz` for `mär`); a token that means different months in different locales is not a month. Weekdays are
// known too: French `mar.` is Tuesday, Spanish `mar` is March.

const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'nb', 'pl', 'cs', 'sk', 'ru', 'uk', 'tr', 'hu', 'ro', 'ca', 'el'];

function normalise(token: string): string {
  return token.normalize('NFC').toLocaleLowerCase('und').replace(/[.,]/g, '');
}

interface Names {
  months: string[][];
  weekdays: Set<string>;
}

let names: Names | null = null;

function build(): Names {
  const months: string[][] = Array.from({ length: 12 }, () => []);
  const weekdays = new Set<string>();
  for (const locale of LOCALES) {
    for (const width of ['short', 'long'] as const) {
      const standalone = new Intl.DateTimeFormat(locale, { month: width, timeZone: 'UTC' });
      const inDate = new Intl.DateTimeFormat(locale, { month: width, day: 'numeric', timeZone: 'UTC' });
      for (let month = 0; month < 12; month += 1) {
        const date = new Date(Date.UTC(2001, month, 15));
        const forms = [standalone.format(date), inDate.formatToParts(date).find((part) => part.type === 'month')?.value ?? ''];
        for (const form of forms.map(normalise)) if (form.length >= 3 && !months[month]!.includes(form)) months[month]!.push(form);
      }
      const weekday = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' });
      for (let day = 0; day < 7; day += 1) weekdays.add(normalise(weekday.format(new Date(Date.UTC(2001, 0, 7 + day)))));
    }
  }
  return { months, weekdays };
}

function matches(form: string, token: string): boolean {
  return form === token || (token.length >= 3 && form.startsWith(token)) || token.startsWith(form);
}

/** True for a weekday's name or abbreviation in one of the locales. */
export function isWeekday(word: string): boolean {
  names ??= build();
  return names.weekdays.has(normalise(word));
}

/** The month (0–11) a word names, or null: unknown or ambiguous. */
export function monthOf(word: string): number | null {
  names ??= build();
  const token = normalise(word);
  if (token.length < 3 || /\d/.test(token)) return null;
  const found = new Set<number>();
  names.months.forEach((forms, month) => {
    if (forms.some((form) => matches(form, token))) found.add(month);
  });
  return found.size === 1 ? [...found][0]! : null;
}
