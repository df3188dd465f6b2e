import { describe, expect, it } from 'vitest';
import { errorMessage, placeError } from '../../admin-ui/src/lib/error-message.js';
import { ApiError } from '../../admin-ui/src/lib/fetch-json.js';
import { createI18n, type Lang } from '../../admin-ui/src/lib/i18n.js';

const i18n = (lang: Lang) => createI18n(lang, () => {});
const refused = (field: string, message: string, code = 'validation_failed', status = 400) =>
  new ApiError(status, code, message, field);

/** What the API answers (English, developer-facing), as the panel's forms get it. */
const API_ERRORS = [
  refused('discount', 'discount: needs exactly one of percent or amount'),
  refused('schedule.at', 'schedule.at: is in the past'),
  refused('schedule.slots.1', 'schedule.slots.1: is in the past'),
  refused('targets.2.id', 'targets.2.id: no contact has this tag'),
  refused('quietHours.to', 'quietHours.to: must differ from quietHours.from'),
  refused('whatsappTemplate.variables.1', 'whatsappTemplate.variables.1: unknown entry link x'),
  refused('currency', 'currency: must be a 3-letter ISO 4217 code'),
  refused('colour', 'colour: unknown field'),
  refused('title', 'title: Too small: expected string to have >=1 characters'),
  refused('code', 'promo code X already exists', 'conflict', 409),
  refused('status', 'a completed campaign cannot be edited', 'conflict', 409),
  refused('ids', 'one of these contacts does not exist', 'not_found', 404),
];

describe('errors in the panel', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`never shows the API's own words (${lang})`, () => {
      for (const error of API_ERRORS) {
        const shown = errorMessage(error, i18n(lang));
        expect(shown).not.toBe(error.message);
        expect(shown).not.toContain(`${error.field}:`);
        expect(shown).toMatch(/[.!]$/);
      }
    });
  }

  it('names the field in the panel language', () => {
    expect(errorMessage(API_ERRORS[0]!, i18n('fr'))).toMatch(/pourcentage.*montant/);
    expect(errorMessage(API_ERRORS[1]!, i18n('fr'))).toContain('heure d’envoi');
    expect(errorMessage(API_ERRORS[8]!, i18n('en'))).toBe('“Title” is not valid: check it and try again.');
    expect(errorMessage(API_ERRORS[9]!, i18n('fr'))).toBe(
      '« Code » est déjà utilisé : choisissez-en un autre.',
    );
  });

  it('still puts the sentence under the field it names', () => {
    expect(placeError(API_ERRORS[3], i18n('en'), ['targets']).fields.targets).toMatch(/recipient/);
  });
});

describe('errors of the class and pack forms', () => {
  it('names the class field by its label in the panel language, under that field', () => {
    const except = refused('repeat.except.1', 'repeat.except.1: must be a date as YYYY-MM-DD');
    expect(errorMessage(except, i18n('fr'))).toBe(
      '« Dates sans cours » n’est pas valide : vérifiez-le et réessayez.',
    );
    expect(errorMessage(refused('durationMinutes', 'x'), i18n('en'))).toContain('Duration (minutes)');
    expect(errorMessage(refused('sessions', 'x'), i18n('fr'))).toContain('Séances');
    expect(placeError(except, i18n('en'), ['repeat.except', 'reminders']).fields).toEqual({
      'repeat.except': '“Dates without a class” is not valid: check it and try again.',
    });
  });

  it('says what a currency must be, not what a price must be, for price.currency', () => {
    const shown = errorMessage(
      refused('price.currency', 'price.currency: must be a 3-letter currency code'),
      i18n('en'),
    );
    expect(shown).toBe('The currency is a 3-letter ISO 4217 code, such as CHF or EUR.');
  });
});
