// The pages, views and query UI in a real browser (Debian's Chromium driven by
// playwright-core) against the real server: one server and one browser for all
// suites, so the browser tests cost one start-up.

import { afterAll, beforeAll } from 'vitest';
import { startSession, stopSession } from './browser.js';
import './suites/views.js';
import './suites/pages.js';
import './suites/search.js';
import './suites/queryViews.js';
import './suites/accessibility.js';

beforeAll(startSession);
afterAll(stopSession);
