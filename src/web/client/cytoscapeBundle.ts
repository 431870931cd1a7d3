// Cytoscape with the fCoSE layout, as a bundle of its own that the query UI loads
// only when a result is first drawn as a network (it is most of the weight).

import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);
(window as unknown as { DelicacyCytoscape: typeof cytoscape }).DelicacyCytoscape = cytoscape;
