import type { ClassDef } from '../../core/bookings/types.js';
import type { ClassRepository } from '../types.js';
import { SqlCrudRepository } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import { foldForSearch } from './search-text.js';

export const CLASSES: EntitySpec<ClassDef> = {
  table: 'classes',
  columns: {
    id: ['id'],
    title: ['title'],
    description: ['description'],
    place: ['place'],
    startsAt: ['starts_at'],
    durationMinutes: ['duration_minutes'],
    capacity: ['capacity'],
    price: ['price', 'json'],
    payment: ['payment'],
    repeat: ['repeat', 'json'],
    reminders: ['reminders', 'json'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
  // The bookings search matches the class title accent- and case-insensitively.
  derived: { search_text: { from: ['title'], derive: (entity) => foldForSearch(entity.title) } },
};

export class SqlClassRepository extends SqlCrudRepository<ClassDef> implements ClassRepository {}
