import { propertySuite } from '../helpers/property-suite.js';

propertySuite('bad input: property tests of the library routes', 'library', 20);
