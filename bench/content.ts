// Word and sentence banks for the synthetic B2B mailbox: one vendor
// salesperson and her English- and French-speaking customers. The text is
// written for this benchmark. French strings avoid characters outside
// ISO-8859-1 (curly quotes, the euro sign, "oe" ligature) because some
// French messages are sent in that charset.

export type Language = 'en' | 'fr';

export const VENDOR_DOMAIN = 'vendor.example';
export const OWNER = { name: 'Claire Martin', address: 'claire.martin@vendor.example' } as const;

export const COLLEAGUES = [
  { name: 'Marc Dubois', address: 'marc.dubois@vendor.example' },
  { name: 'Priya Raman', address: 'priya.raman@vendor.example' },
  { name: 'Sales Ops', address: 'sales-ops@vendor.example' },
] as const;

export const PLANS = ['Starter', 'Team', 'Business', 'Enterprise'] as const;

export const EN_COMPANY_HEADS = [
  'Northwind', 'Bluefin', 'Cedar', 'Harbor', 'Summit', 'Ironbridge', 'Maple', 'Redwood',
  'Silverline', 'Brightpath', 'Oakridge', 'Granite', 'Clearwater', 'Pinecrest', 'Lakeside',
  'Sterling', 'Riverbend', 'Falcon', 'Evergreen', 'Highland', 'Copperfield', 'Westgate',
  'Beacon', 'Horizon', 'Keystone', 'Meridian', 'Pioneer', 'Trident', 'Vantage', 'Juniper',
];

export const EN_COMPANY_TRADES = [
  'Logistics', 'Analytics', 'Foods', 'Health', 'Robotics', 'Software', 'Manufacturing',
  'Media', 'Energy', 'Consulting', 'Retail', 'Labs', 'Systems', 'Freight', 'Insurance', 'Biotech',
];

export const EN_COMPANY_SUFFIXES = ['Inc.', 'Ltd', 'LLC', 'Group', 'Co.'];

export const FR_COMPANY_HEADS = [
  'Atelier', 'Groupe', 'Maison', 'Cabinet', 'Laboratoires', 'Transports', 'Imprimerie',
  'Conseil', 'Menuiserie', 'Fromageries',
];

export const FR_COMPANY_NAMES = [
  'Dupont', 'Lefèvre', 'Moreau', 'Girard', 'Fontaine', 'Rousseau', 'Lambert', 'Bonnet',
  'Mercier', 'Chevalier', 'Garnier', 'Faure', 'Blanc', 'Guérin', 'Roux', 'Perrin', 'Morel',
  'Fournier', 'Gauthier', 'Lemaire',
];

export const FR_COMPANY_SUFFIXES = ['SA', 'SAS', 'SARL'];

export const FIRST_NAMES: Record<Language, string[]> = {
  en: [
    'James', 'Emily', 'Michael', 'Sarah', 'David', 'Laura', 'Daniel', 'Rachel', 'Kevin', 'Megan',
    'Brian', 'Olivia', 'Thomas', 'Hannah', 'Steven', 'Grace', 'Mark', 'Chloe', 'Paul', 'Amanda',
  ],
  fr: [
    'Julien', 'Camille', 'Nicolas', 'Émilie', 'Thomas', 'Sophie', 'Antoine', 'Mathieu', 'Élodie',
    'Pierre', 'Manon', 'Guillaume', 'Céline', 'Hugo', 'Léa', 'François', 'Aurélie', 'Sébastien',
    'Chloé', 'Inès',
  ],
};

export const LAST_NAMES: Record<Language, string[]> = {
  en: [
    'Turner', 'Brooks', 'Hughes', 'Patel', 'Nguyen', 'Walsh', 'Foster', 'Reed', 'Campbell',
    'Murphy', 'Bennett', 'Price', 'Coleman', 'Hayes', 'Ward', 'Sullivan', 'Griffin', 'Fisher',
    'Porter', 'Shaw',
  ],
  fr: [
    'Bernard', 'Dubois', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Bertrand', 'Durand',
    'Petit', 'Robert', 'Richard', 'Vincent', 'Muller', 'André', 'Blanchard', 'Chauvin', 'Barbier',
    'Caron', 'Hébert',
  ],
};

export const JOB_TITLES: Record<Language, string[]> = {
  en: [
    'Head of Operations', 'IT Manager', 'Procurement Lead', 'VP Finance', 'Office Manager',
    'Customer Success Lead', 'CTO', 'Sales Director', 'Project Manager', 'Systems Administrator',
  ],
  fr: [
    'Directeur administratif et financier', 'Responsable informatique', 'Acheteuse',
    'Directrice des opérations', 'Chef de projet', 'Responsable des achats', 'Gérant',
    'Assistante de direction', 'Responsable support', 'Directeur commercial',
  ],
};

export const SUBJECTS: Record<Language, string[]> = {
  en: [
    'Onboarding follow-up', 'Invoice {n}', 'Question about SSO setup', 'Quarterly business review',
    'Renewal {year}', 'Training session next week', 'API rate limits', 'Data export',
    'Meeting notes from {day}', 'Support ticket #{n}', 'Contract amendment', 'Security questionnaire',
    'Feature request: audit log', 'Access for the new team', 'Billing contact change',
  ],
  fr: [
    "Suivi de l'onboarding", 'Facture {n}', 'Question sur la configuration SSO', 'Point trimestriel',
    'Renouvellement {year}', 'Session de formation', 'Export des données', 'Compte rendu du {day}',
    'Ticket support n°{n}', 'Avenant au contrat', 'Questionnaire sécurité',
    "Demande d'évolution : journal d'audit", 'Accès pour la nouvelle équipe', 'Changement de contact facturation',
  ],
};

export const GREETINGS: Record<Language, string[]> = {
  en: ['Hi {first},', 'Hello {first},', 'Dear {first},', 'Good morning {first},', '{first},'],
  fr: ['Bonjour {first},', 'Bonjour à tous,', 'Rebonjour {first},', 'Salut {first},', 'Madame, Monsieur,'],
};

export const CLOSINGS: Record<Language, string[]> = {
  en: ['Best regards,', 'Thanks,', 'Kind regards,', 'Cheers,', 'Many thanks,'],
  fr: ['Cordialement,', 'Bien à vous,', 'Merci par avance,', 'Bonne journée,', 'Très cordialement,'],
};

/**
 * Ordinary business sentences that are not buying signals (a procurement step
 * would be one), so the planted signals stay a few percent of the messages.
 * Some start with "From " so mbox escaping gets exercised.
 */
export const SENTENCES: Record<Language, string[]> = {
  en: [
    'Thanks for the quick turnaround on the last ticket.',
    'The team has been using the dashboards every morning since the kickoff.',
    'I have attached the notes from our call so everyone is on the same page.',
    'Could you confirm the invoice address is still the Chicago office?',
    'We ran the export on Friday and the numbers matched our warehouse records.',
    'From our side the rollout went smoothly, apart from two users who could not log in.',
    'From the logs it looks like the sync job stopped around midnight.',
    'Our finance team closes the month on the 25th, so any credit note should arrive before then.',
    'I will be out of the office on Thursday afternoon but reachable by phone.',
    'The new approval workflow saves our managers roughly an hour a week.',
    'Please find below the list of people who attended the training.',
    'We noticed the mobile app is slower on older Android devices.',
    'Let me know if you need anything else from us before the review.',
    'Our security officer asked whether data is stored in the EU.',
    'I forwarded your message to the colleague who runs the helpdesk.',
    'The sandbox environment is working again, thank you for the fix.',
    'We would appreciate a short summary of the changes in the next release.',
    'Our auditors need read-only access for two weeks in March.',
    'The reports tab now loads in under two seconds, which is a big improvement.',
    'I spoke with our legal team and they are fine with the updated terms.',
    'Could we move our weekly sync to Tuesdays at 10am?',
    'We are still waiting for the signed copy of the data processing agreement.',
    'One of our regional managers reported a permissions issue on the shared folder.',
    'The CSV import failed on rows with accented characters in the name field.',
    'Everyone liked the new calendar view during the demo last week.',
    'We had a short outage on our side, so ignore the alerts from Monday.',
    'Our budget for next year will be approved at the board meeting in November.',
    'I have updated the contact list in the admin panel.',
    'Is there a way to schedule the weekly report for Monday mornings?',
    'We will share the feedback from the pilot group by the end of the month.',
  ],
  fr: [
    'Merci pour votre retour rapide sur le dernier ticket.',
    "L'équipe utilise les tableaux de bord tous les matins depuis le lancement.",
    'Vous trouverez en pièce jointe le compte rendu de notre échange.',
    "Pouvez-vous confirmer que l'adresse de facturation est toujours celle de Lyon ?",
    'Nous avons lancé l\'export vendredi et les chiffres correspondent à notre stock.',
    'Le déploiement s\'est bien passé, hormis deux utilisateurs qui ne pouvaient pas se connecter.',
    "D'après les journaux, la synchronisation s'est arrêtée vers minuit.",
    'Notre service comptable clôture le mois le 25, merci d\'envoyer l\'avoir avant cette date.',
    "Je serai absent jeudi après-midi mais joignable par téléphone.",
    'Le nouveau circuit de validation fait gagner environ une heure par semaine à nos managers.',
    'Voici la liste des personnes présentes à la formation.',
    "Nous avons remarqué que l'application mobile est plus lente sur les anciens téléphones.",
    "N'hésitez pas à revenir vers moi si vous avez besoin d'autre chose avant la revue.",
    'Notre responsable sécurité demande si les données sont hébergées en France.',
    "J'ai transmis votre message au collègue qui gère l'assistance.",
    "L'environnement de test fonctionne de nouveau, merci pour la correction.",
    'Un court résumé des changements de la prochaine version nous serait utile.',
    'Nos commissaires aux comptes ont besoin d\'un accès en lecture pendant deux semaines.',
    "L'onglet des rapports s'affiche maintenant en moins de deux secondes.",
    "Notre juriste a relu les nouvelles conditions et n'a pas de remarque.",
    'Pourrions-nous déplacer notre point hebdomadaire au mardi à 10 h ?',
    "Nous attendons toujours l'exemplaire signé de l'accord de traitement des données.",
    "Un de nos responsables régionaux signale un problème de droits sur le dossier partagé.",
    "L'import CSV échoue sur les lignes contenant des caractères accentués.",
    'La nouvelle vue calendrier a beaucoup plu lors de la présentation.',
    "Nous avons eu une coupure de notre côté, vous pouvez ignorer les alertes de lundi.",
    "Notre budget de l'an prochain sera validé au conseil d'administration de novembre.",
    "J'ai mis à jour la liste des contacts dans l'espace d'administration.",
    'Est-il possible de programmer le rapport hebdomadaire le lundi matin ?',
  ],
};

/** Sentences the salesperson writes in replies: vendor voice, never a customer signal. */
export const VENDOR_SENTENCES: Record<Language, string[]> = {
  en: [
    'Thanks for the update, I have passed it on to our support team.',
    'I will check with product and get back to you by Friday.',
    'Our Enterprise plan includes SSO and a dedicated success manager.',
    'We do offer volume discounts from 50 seats upwards.',
    'I have scheduled the training for next Tuesday at 2pm.',
    'The credit note was issued this morning and should reach you today.',
    'Happy to set up a call with our security team if that helps.',
  ],
  fr: [
    "Merci pour ces informations, je transmets à l'équipe support.",
    'Je vérifie avec l\'équipe produit et je reviens vers vous vendredi.',
    "Notre offre Enterprise comprend le SSO et un interlocuteur dédié.",
    'Nous proposons des remises sur volume à partir de 50 licences.',
    'La formation est planifiée mardi prochain à 14 h.',
    "L'avoir a été émis ce matin, vous devriez le recevoir aujourd'hui.",
    "Je peux organiser un échange avec notre équipe sécurité si besoin.",
  ],
};

/**
 * Customer buying signals, with `{n}` for a seat count and `{plan}` for a plan
 * name. The Python peer's regexes target these phrases.
 */
export const SIGNALS: Record<Language, string[]> = {
  en: [
    'We are considering adding {n} users to our account next quarter.',
    'Can you tell me about your Enterprise plan?',
    'Do you offer volume discounts?',
    'Please send us a quote for {n} licences.',
    'We would like a demo for our management team.',
    'We are thinking of cancelling our subscription at renewal.',
    'What would it cost to upgrade to the {plan} plan?',
    'We plan to roll this out to another {n} seats in the spring.',
    'Could you send over pricing for the {plan} tier?',
    'Honestly, we are evaluating other vendors because of the price increase.',
    'We need {n} more seats for the new sales team.',
    'Is there a discount if we pay annually?',
  ],
  fr: [
    "Nous envisageons d'ajouter des utilisateurs dans les prochains mois.",
    "Nous envisageons d'ajouter {n} utilisateurs pour l'équipe de Bordeaux.",
    'Pouvez-vous me parler de vos offres Enterprise ?',
    'Proposez-vous des remises sur volume ?',
    'Merci de nous envoyer un devis pour {n} licences.',
    'Nous aimerions une démonstration pour notre comité de direction.',
    'Nous pensons résilier notre abonnement à la date anniversaire.',
    "Quel serait le coût pour passer à l'offre {plan} ?",
    'Il nous faudrait {n} licences supplémentaires pour la rentrée.',
    'Pourriez-vous nous transmettre vos tarifs pour la formule {plan} ?',
    'Nous étudions des solutions concurrentes suite à la hausse de prix.',
    'Avez-vous une remise en cas de paiement annuel ?',
  ],
};

export const NEWSLETTER_SENDERS = [
  { name: 'SaaS Weekly', address: 'news@saas-weekly.example', language: 'en' },
  { name: 'Growth Digest', address: 'digest@growth-digest.example', language: 'en' },
  { name: 'Events Europe', address: 'no-reply@events-europe.example', language: 'en' },
  { name: 'La Lettre du Commerce', address: 'lettre@commerce-info.example', language: 'fr' },
  { name: 'Actu Logiciels', address: 'newsletter@actu-logiciels.example', language: 'fr' },
] as const;

/** Headline and summary pairs for newsletter issues. */
export const NEWSLETTER_ARTICLES: Record<Language, [string, string][]> = {
  en: [
    ['Forecasting without spreadsheets', 'Three revenue teams explain how they moved their weekly forecast out of shared files.'],
    ['The quiet cost of churn', 'A survey of 400 subscription businesses on why customers leave in the second year.'],
    ['Pipeline reviews that work', 'A short checklist for the Monday meeting, from qualification to next steps.'],
    ['Hiring your first sales engineer', 'When to hire, what to ask in interviews, and how to measure the role.'],
    ['Pricing pages, revisited', 'We compared 120 pricing pages and counted how many still hide the price.'],
    ['Events this month', 'Meetups in London, Berlin and Paris, plus two online sessions on renewals.'],
    ['Tool of the week', 'A browser extension that logs calls to the CRM without copy and paste.'],
    ['From the archive', 'Our most-read piece of last year on onboarding new accounts.'],
    ['Reader question', 'How do you split territories when two reps cover the same customer?'],
    ['Numbers of the week', 'Median sales cycle up 9 days year on year, deal sizes flat.'],
  ],
  fr: [
    ['Prévoir sans tableur', 'Trois équipes commerciales racontent comment elles ont quitté les fichiers partagés.'],
    ['Le coût caché du départ client', 'Une enquête auprès de 300 entreprises sur les résiliations de deuxième année.'],
    ['Des revues de pipeline utiles', 'Une liste de contrôle pour la réunion du lundi.'],
    ['Recruter son premier avant-vente', 'Quand recruter, quelles questions poser, comment mesurer le poste.'],
    ['Les pages tarifs à la loupe', 'Nous avons comparé 80 pages tarifs et compté celles qui cachent le prix.'],
    ['Agenda du mois', 'Rencontres à Lyon, Nantes et Bordeaux, et deux sessions en ligne.'],
    ["L'outil de la semaine", "Une extension qui enregistre les appels dans le CRM sans copier-coller."],
    ['Le chiffre de la semaine', 'Le cycle de vente médian progresse de 9 jours sur un an.'],
  ],
};

/** Promotional lines of newsletters: they read like buying signals but come from bulk mail. */
export const NEWSLETTER_SENTENCES: Record<Language, string[]> = {
  en: [
    'This week: five ways to shorten your sales cycle.',
    'Ask us about volume discounts on our annual conference passes!',
    'Book a demo of our new analytics suite today.',
    'Register now for the webinar on pipeline hygiene.',
    'Our Enterprise plan now includes unlimited workspaces.',
    'Read the interview with three revenue leaders about forecasting.',
  ],
  fr: [
    'Cette semaine : cinq conseils pour raccourcir vos cycles de vente.',
    'Proposez-vous des remises sur volume ? Découvrez notre guide.',
    'Demandez une démonstration de notre nouvelle suite.',
    'Inscrivez-vous au webinaire sur la gestion du pipeline.',
    'Nos offres Enterprise incluent désormais des espaces illimités.',
  ],
};

export const AUTO_REPLY: Record<Language, { subject: string; body: string }> = {
  en: {
    subject: 'Automatic reply: {subject}',
    body:
      'Thank you for your message. I am out of the office until {date} with limited access to email.\n' +
      'For urgent matters please contact {colleague}.',
  },
  fr: {
    subject: 'Réponse automatique : {subject}',
    body:
      "Bonjour,\nJe suis absent(e) jusqu'au {date} et je n'ai qu'un accès limité à ma messagerie.\n" +
      'Pour toute urgence, merci de contacter {colleague}.',
  },
};

export const ATTACHMENT_NAMES = [
  { name: 'Quote-{n}.pdf', type: 'application/pdf' },
  { name: 'Invoice_{n}.pdf', type: 'application/pdf' },
  { name: 'Devis {n}.pdf', type: 'application/pdf' },
  { name: 'Présentation commerciale.pdf', type: 'application/pdf' },
  { name: 'Contract amendment v{n}.pdf', type: 'application/pdf' },
  { name: 'screenshot-{n}.png', type: 'image/png' },
  { name: 'IMG_{n}.jpg', type: 'image/jpeg' },
  { name: "Capture d'écran {n}.png", type: 'image/png' },
] as const;

export const MONTHS: Record<Language, string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
};

export const WEEKDAYS: Record<Language, string[]> = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  fr: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
};
