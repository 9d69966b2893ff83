/**
 * Typed storage slots on the offers table. A kind maps each attribute to one slot of its type;
 * the caps below are the most attributes of each type one kind can have.
 */
export const NUMBER_SLOTS = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8'] as const;
export const ENUM_SLOTS = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'] as const;
export const BOOLEAN_SLOTS = ['b1', 'b2', 'b3', 'b4'] as const;
export const TEXT_SLOTS = ['t1', 't2', 't3', 't4'] as const;

export type NumberSlot = (typeof NUMBER_SLOTS)[number];
export type EnumSlot = (typeof ENUM_SLOTS)[number];
export type BooleanSlot = (typeof BOOLEAN_SLOTS)[number];
export type TextSlot = (typeof TEXT_SLOTS)[number];
export type Slot = NumberSlot | EnumSlot | BooleanSlot | TextSlot;

export const SLOTS_BY_TYPE = {
  number: NUMBER_SLOTS,
  enum: ENUM_SLOTS,
  boolean: BOOLEAN_SLOTS,
  text: TEXT_SLOTS,
} as const;
