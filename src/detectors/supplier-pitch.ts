// Wordings of a supplier introducing itself or its services to the mailbox
// owner, in rule pattern syntax. They are compiled into each pack's
// supplier-offer patterns next to the pack's own `supplierOffer` list, so a
// cold pitch ("let me introduce myself", "our services include") sets its
// whole message aside like a discount offer does. Every pattern needs the
// writer's own voice ("we", "our", "I can ... you"), because a customer
// asking for the same thing ("do you offer volume discounts?") is a signal.
export const SUPPLIER_PITCH_PATTERNS: Readonly<Record<string, readonly string[]>> = {
  en: [
    // Introductions: "At the outset let me introduce myself", "I am writing to you to introduce our".
    'let|allow|permit me *1 introduce myself|ourselves|us',
    'i|we am|are writing *3 to introduce',
    // The writer's own offering and reference customers.
    'our services|solutions|offerings include|includes',
    'our services|solutions|products|offerings are designed|tailored',
    'our|its customers|clients include|includes',
    'can provide *3 with a|an|our total|complete|full|turnkey solution|solutions|service',
    'become|becoming *4 your *2 vendor|vendors|supplier|suppliers|provider|providers',
    'we|i expect|can|could|will|would to? offer|deliver|guarantee *4 cost? savings|saving',
    // Vendor voice about its own terms: "We do offer volume discounts to our customers."
    'we|i do? offer|provide|give volume|bulk|quantity|group discounts|discount|pricing|rates',
    // A supplier preparing its own quote: "so I can give you a quote for site licensing fees".
    'i|we can|could|will give|send|prepare|provide you *3 quote|quotation|proposal',
    // Selling seats of a course or event, and the payment terms of a seller.
    'still available seats|places|spots|tickets',
    'good seats|places still available',
    'you may|can pay by',
    'you have the option to buy|purchase|order',
    // A recruiter or seller asking to be passed on.
    'if you know someone|anyone who *3 interested|intrigued',
  ],
  fr: [
    'permettez moi de me|vous presenter',
    'je me permets de vous presenter|contacter',
    'nos services|solutions|produits|prestations comprennent|incluent|couvrent',
    'nos clients comptent|incluent',
    'nous offrons|proposons|accordons des? remises|remise|tarifs sur? volume|quantite',
    'je|nous peux|pouvons vous faire|envoyer|adresser|etablir *2 devis|proposition|offre',
  ],
};
