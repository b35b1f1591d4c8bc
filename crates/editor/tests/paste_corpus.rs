//! Real clipboard HTML (`tests/clipboard/`), parsed by html5ever as a browser would, reduced
//! to the editor's lines: formatting kept as the model can say it, everything else gone.

use parlons_editor::paste::{HtmlNode, outline, reduce};
use scraper::{Html, Node};

fn convert(node: ego_tree::NodeRef<'_, Node>) -> Option<HtmlNode> {
    match node.value() {
        Node::Text(text) => Some(HtmlNode::Text(text.to_string())),
        Node::Element(element) => Some(HtmlNode::Element {
            tag: element.name().to_ascii_lowercase(),
            attrs: element.attrs().map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned())).collect(),
            children: node.children().filter_map(convert).collect(),
        }),
        _ => None,
    }
}

/// The clipboard's HTML as the editor gets it: the body's nodes.
fn pasted(file: &str) -> Vec<String> {
    let path = format!("{}/../../tests/clipboard/{file}", env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let document = Html::parse_document(&html);
    let body = document
        .tree
        .root()
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"));
    let nodes: Vec<HtmlNode> =
        body.map(|b| b.children().filter_map(convert).collect()).unwrap_or_default();
    outline(&reduce(&nodes))
}

#[test]
fn word() {
    assert_eq!(
        pasted("word.html"),
        [
            "p 0: *Compte rendu de chantier*",
            "p 0: La dalle du _niveau 2_ est coulée. Voir le [plan indice D](https://plans.example/indice-d).",
            "p 0: ",
            "bullet 0: Fourreaux posés",
            "bullet 1: +lot électricité+",
            "ordered 0: Réception jeudi",
            "p 0: ~Annulé~ ~reporté~",
        ]
    );
}

#[test]
fn google_docs() {
    assert_eq!(
        pasted("google_docs.html"),
        [
            "p 0: *Planning des livraisons*",
            "p 0: Les _+menuiseries+_ arrivent lundi.",
            "p 0: ",
            "bullet 0: Bâtiment A",
            "bullet 1: `quai 2`",
            "bullet 0: [Bâtiment B](https://docs.example/livraisons)",
        ]
    );
}

#[test]
fn libreoffice() {
    assert_eq!(
        pasted("libreoffice.html"),
        [
            "p 0: Devis *signé* par le _client_.",
            "ordered 0: Acompte de ~30 %~ 40 %",
            "ordered 0: Solde à la réception",
            "bullet 1: `IBAN FR76`",
            "quote 0: Le client accepte les conditions générales.",
            "code 0: total = 12 400 €",
            "code 0: tva   = 2 480 €",
        ]
    );
}

#[test]
fn outlook() {
    assert_eq!(
        pasted("outlook.html"),
        [
            "p 0: Bonjour Bruno,",
            "p 0: ",
            "p 0: Merci de confirmer la livraison *avant vendredi*.",
            "p 0: Le plan est sur [plans@durand-construction.example](mailto:plans@durand-construction.example).",
            "p 0: ",
            "p 0: *De :* David Roux",
        ]
    );
}

#[test]
fn web_page() {
    assert_eq!(
        pasted("web_page.html"),
        [
            "p 0: *Norme NF C 15-100*",
            "p 0: Les gaines doivent être posées à *0,50 m* au moins. Lire la suite",
            "p 0: Gaine Hauteur",
            "p 0: ICTA 2,40 m",
            "p 0: Code : `NFC-15`",
        ]
    );
}

/// Scripts, handlers, styles, frames, SVG, forms, hidden text and `javascript:` or `data:`
/// links vanish; their visible text stays where it was text.
#[test]
fn hostile() {
    assert_eq!(
        pasted("hostile.html"),
        [
            "p 0: Bonjour David",
            "p 0: Cliquez ici ou là ou ici",
            "p 0: [lien sûr](https://ok.example)",
        ]
    );
}
