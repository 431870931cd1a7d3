// places, events and meetings.

import { DataFactory } from 'n3';
import { ns } from '../../../model/namespaces.js';
import { type EntryCompiler } from '../entry.js';

const { namedNode } = DataFactory;

export function compilePlace(e: EntryCompiler): void {
  e.type(ns.dly('Place'));
  e.labels({ skos: true });
  e.concepts('type', ns.dly('placeType'), 'place-type');
  e.refs('partOf', ns.dcterms('isPartOf'));
  e.passages();
  e.footnotes();
  e.common();
}

function eventFields(e: EntryCompiler): void {
  e.labels({ skos: true });
  e.concepts('type', ns.dly('eventType'), 'event-type');
  e.dates();
  e.refs('participants', ns.dly('participant'));
  e.refs('location', ns.dly('location'));
  e.text('setting', ns.dly('setting'));
  e.concepts('topics', ns.dly('topic'), 'topic');
  e.passages();
  e.footnotes();
  e.common();
}

export function compileEvent(e: EntryCompiler): void {
  e.type(ns.dly('Event'));
  e.refs('partOf', ns.dcterms('isPartOf'));
  eventFields(e);
}

export function compileMeeting(e: EntryCompiler): void {
  e.type(ns.dly('Meeting'));
  eventFields(e);
  // The initiator is a participant too; say both so either query finds him.
  for (const initiator of e.refs('initiator', ns.dly('initiator'))) e.add(ns.dly('participant'), namedNode(initiator), 'initiator');
  for (const record of e.refs('records', ns.dly('recordedIn'))) e.add(ns.dly('recordOf'), namedNode(e.subject), 'records', record);
  e.refs('partOf', ns.dcterms('isPartOf'));
}
