# SPDX-License-Identifier: EUPL-1.2
# Copyright the imvo authors. Licensed under the EUPL-1.2.
"""Benchmark harness for imvo's production-location matcher (`imvo locations match`).

Why: the matcher's goal is stated against Python `dedupe` (the library Open Supply Hub
matches facility lists with) on the same data in the same run: pairwise precision ≥ 0.995
and recall ≥ 0.95, both at least dedupe's, at least 100× faster, and a 5,000-row upload
into a 100,000-location store matched in under 5 s. Real disclosure lists cannot be
shipped with labels, so this file makes a SYNTHETIC ground truth that carries the noise
real lists carry, runs the reference tools on it, and scores any tool's clustering.

Subcommands:
  generate   a ground truth: N true factories in 20 producing countries, disclosed by C
             companies (one CSV per company, header name,address,country,sector,
             product_type,number_of_workers) with per-row noise and hard negatives; writes
             DIR/README.txt, DIR/../truth.csv (company,row,true_id) and
             DIR/../factories.csv (the true factories, for training pairs and diagnosis);
             optionally an extra upload list of existing and new factories.
  score      pairwise precision and recall of a clustering (company,row,location_id)
             against the truth, from the contingency table.
  dedupe     Python dedupe on every row, trained on labelled pairs from the truth, with
             Open Supply Hub's cleaning and fields; writes a clustering and its timings.
  baseline   exact match on cleaned fields: checks the harness and bounds the easy part.
  report     the markdown table of a bench-locations.sh run.

Deterministic: one seed gives byte-identical files (no use of set order or hash seeds).

Over 600 lines with reason: most of it is the generator's word lists (place, road and name
parts per country), kept beside the noise they feed so one file makes and scores a set.
"""

import argparse
import csv
import importlib.metadata
import json
import random
import re
import resource
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

# ---------------------------------------------------------------------------------------
# The world: countries, their places, name and address conventions.
#
# Words may carry "·" between transliterated syllables ("Hua·fu", "Hlaing·Thar·yar"): the
# canonical spelling joins them without a space, a disclosure may join them with a space
# or a hyphen, as pinyin and Burmese or Khmer romanisations are written in practice.
# ---------------------------------------------------------------------------------------

SYL = "·"


@dataclass(frozen=True)
class City:
    """A city with its province or state, districts and the first digits of its postcodes."""

    name: str
    province: str
    districts: tuple
    postcode_prefix: str


@dataclass(frozen=True)
class Country:
    """A producing country: how its factories are named and addressed."""

    code: str
    alpha3: str
    names: tuple  # how disclosures write the country, besides the two codes
    weight: float
    name_style: str
    legal: tuple  # legal-form classes a factory may carry (keys of LEGAL_FORMS)
    products: tuple
    brand_words: tuple
    roads: tuple
    street_templates: tuple  # {n} number, {road} road name, {k} small number, {lot} lot code
    zones: tuple  # {city} or {district} may appear
    cities: tuple
    postcode: str  # "#" a digit after the city's prefix, other characters literal
    postcode_joined: bool  # "Dhaka-1230" rather than a separate part


def _cities(spec):
    """Parse "City : Province : District, District : prefix; …" into City records."""
    out = []
    for entry in spec.split(";"):
        name, province, districts, prefix = (part.strip() for part in entry.split(":"))
        out.append(City(name, province, tuple(d.strip() for d in districts.split(",")), prefix))
    return tuple(out)


def _words(spec):
    """Split a "|"-separated word list."""
    return tuple(w.strip() for w in spec.split("|"))


EN_PRODUCTS = _words(
    "Garments|Apparels|Knit Composite|Knitwear|Knitting|Textiles|Fashions|Sweaters|Denim|"
    "Washing|Dyeing|Spinning Mills|Footwear|Leather|Shoes|Weaving|Embroidery|Accessories|"
    "Exports|Industries|Clothing|Designs|Wear")
EN_GENERIC = _words(
    "Star|Global|Asian|Pacific|Crown|Royal|Golden|Silver|Green|Blue|Sun|Orient|Eastern|"
    "Western|Unique|Smart|Prime|Delta|Alpha|Eagle|Lion|Tiger|Pearl|Diamond|Fortune|Liberty|"
    "Victory|Modern|Classic|United|Standard|Apex|Zenith|Summit|Vision|Dream|Rainbow|"
    "Sunshine|Evergreen|Harmony|Trust|Fair|Grand|Millennium|Mega|New|First|Metro|Crystal|"
    "Ocean|River|Valley|Horizon|Phoenix|Falcon|Galaxy|Infinity|Elite|Nova|Supreme|Regal")
PINYIN = _words(
    "hua|fu|heng|li|xin|yuan|tian|hong|sheng|long|jin|da|feng|mei|kang|tai|an|bao|cheng|de|"
    "hao|jia|ming|rui|shun|xing|yi|yong|zhong|chang|guang|hai|he|hui|kai|lian|qiang|rong|sen|"
    "wei|xiang|ya|yu|zhi|bang|chuang|dong|fa|jun|lan|nan|ping|qi|shan|tong|wan|xu|yao|zhen")

COUNTRIES = (
    Country(
        "CN", "CHN", ("China", "People's Republic of China", "PRC", "P.R. China"), 24,
        "cn", ("co_ltd",),
        _words("Garment|Textile|Knitting|Clothing|Apparel|Dyeing and Finishing|Shoes|"
               "Leather Products|Fashion|Printing and Dyeing|Home Textile|Weaving|"
               "Import and Export|Industrial"),
        PINYIN,
        _words("Wen·hua|Jie·fang|Ren·min|Zhong·shan|Jian·she|Xin·hua|He·ping|Chang·jiang|"
               "Bin·hai|Dong·feng|Xing·fu|Gong·ye|Kai·fa|Jin·qiao|Hong·qi|Tian·mu|Yan·an|"
               "Shi·ji|Chao·yang|Qing·nian|Fu·xing|Nan·jing|Bei·jing|Xi·hu"),
        ("No. {n} {road} Road", "No. {n} {road} Street", "No. {n} {road} Avenue",
         "{road} Road No. {n}", "Building {k}, No. {n} {road} Road"),
        ("{city} Economic and Technological Development Zone", "{district} Industrial Park",
         "{district} Industrial Zone", "{city} High-tech Zone"),
        _cities("Hang·zhou : Zhe·jiang : Xiao·shan, Yu·hang, Fu·yang : 311;"
                "Ning·bo : Zhe·jiang : Yin·zhou, Bei·lun, Zhen·hai : 315;"
                "Shao·xing : Zhe·jiang : Ke·qiao, Shang·yu : 312;"
                "Jia·xing : Zhe·jiang : Hai·ning, Tong·xiang, Ping·hu : 314;"
                "Su·zhou : Jiang·su : Wu·jiang, Chang·shu, Zhang·jia·gang : 215;"
                "Wu·xi : Jiang·su : Jiang·yin, Xi·shan : 214;"
                "Nan·tong : Jiang·su : Hai·men, Tong·zhou : 226;"
                "Guang·zhou : Guang·dong : Pan·yu, Bai·yun, Zeng·cheng : 511;"
                "Dong·guan : Guang·dong : Hu·men, Da·lang, Chang·an : 523;"
                "Fo·shan : Guang·dong : Nan·hai, Shun·de : 528;"
                "Quan·zhou : Fu·jian : Jin·jiang, Shi·shi, Hui·an : 362;"
                "Xia·men : Fu·jian : Hu·li, Ji·mei, Tong·an : 361;"
                "Qing·dao : Shan·dong : Ji·mo, Huang·dao, Jiao·zhou : 266;"
                "Wu·han : Hu·bei : Han·yang, Cai·dian : 430"),
        "###", False),
    Country(
        "BD", "BGD", ("Bangladesh", "People's Republic of Bangladesh"), 16,
        "en", ("ltd", "ltd", "pvt_ltd"), EN_PRODUCTS,
        EN_GENERIC + _words(
            "Ananta|Mondol|Fakir|Shanta|Rupa|Sonali|Padma|Meghna|Jamuna|Karnaphuli|Rahman|"
            "Hossain|Akij|Purbani|Anwar|Noman|Hamid|Nasir|Tanaz|Babylon|Envoy|Sterling|Urmi|"
            "Dekko|Fariha|Mahmud|Kabir|Shafi|Rangs|Aman|Ekushey|Bengal|Nitol|Mohammadi"),
        _words("Dhaka-Mymensingh|Dhaka-Aricha|Nabinagar-Chandra|"
               "Tongi-Ashulia|Mawna|Kashimpur|Konabari|Zirabo|Bypail|Bishmile|Chandra|"
               "Jamgora|Baipayl|Gorat|Dewan Idris|Kathgora"),
        ("Plot {n}, Road {k}, {road} Road", "Plot {n}, {road} Road", "House {n}, Road {k}",
         "Holding {n}, {road} Road", "Plot {n}-{k}, {road} Highway"),
        ("{city} Export Processing Zone", "BSCIC Industrial Estate", "{district} Industrial Area"),
        _cities("Dhaka : Dhaka Division : Mirpur, Uttara, Tejgaon, Badda : 12;"
                "Gazipur : Dhaka Division : Tongi, Kashimpur, Konabari, Kaliakair, Sreepur : 17;"
                "Narayanganj : Dhaka Division : Fatullah, Siddhirganj, Rupganj : 14;"
                "Savar : Dhaka Division : Ashulia, Hemayetpur, Zirabo : 13;"
                "Chittagong : Chittagong Division : Patenga, Halishahar, Kalurghat : 42;"
                "Mymensingh : Mymensingh Division : Bhaluka, Trishal : 22"),
        "##", True),
    Country(
        "IN", "IND", ("India", "Republic of India", "Bharat"), 12,
        "en", ("pvt_ltd", "pvt_ltd", "ltd"), EN_PRODUCTS,
        EN_GENERIC + _words(
            "Arvind|Shahi|Gokaldas|Vardhman|Trident|Sri Lakshmi|Sri Balaji|Ganesh|Krishna|"
            "Murugan|Kumar|Shree Ram|Eastman|Ambika|Saraswati|Bhavani|Sai|Mahalakshmi|"
            "Annapurna|Jai Hind|Bharat|Kaveri|Ganga|Sindhu|Navrang|Suryalakshmi|Raghav|Vishal"),
        _words("Mysore|Avinashi|Palladam|Kangeyam|Old Madras|GST|Tumkur|Hosur|Mathura|"
               "Sohna|Delhi|Bhiwandi|Andheri-Kurla|Link|Station|Temple|Gandhi|Nehru"),
        ("Plot No. {n}, {road} Road", "Survey No. {n}, {road} Road", "No. {n}, {road} Road",
         "Plot No. {n}, Sector {k}", "Door No. {n}/{k}, {road} Road"),
        ("SIDCO Industrial Estate", "{district} Industrial Area", "MIDC Industrial Area",
         "{city} Special Economic Zone", "Export Promotion Industrial Park"),
        _cities("Tiruppur : Tamil Nadu : Avinashi, Palladam, Kangeyam : 641;"
                "Bengaluru : Karnataka : Peenya, Bommasandra, Yeshwanthpur : 560;"
                "Chennai : Tamil Nadu : Ambattur, Guindy, Sriperumbudur : 600;"
                "Noida : Uttar Pradesh : Phase II, Sector 63, Sector 80 : 201;"
                "Gurugram : Haryana : Udyog Vihar, Manesar, Sohna : 122;"
                "Ludhiana : Punjab : Focal Point, Dhandari Kalan : 141;"
                "Jaipur : Rajasthan : Sitapura, Sanganer : 302;"
                "Kolkata : West Bengal : Howrah, Budge Budge : 700;"
                "Mumbai : Maharashtra : Andheri, Bhiwandi, Tarapur : 400"),
        "###", False),
    Country(
        "TR", "TUR", ("Turkey", "Türkiye", "Turkiye", "Republic of Türkiye"), 7,
        "tr", ("as_tr", "ltd_tr"),
        _words("Tekstil|Konfeksiyon|Örme|Giyim|Boya|Dokuma|İplik|Deri|Ayakkabı"),
        _words("Yılmaz|Şahin|Öztürk|Çelik|Doğan|Aydın|Özdemir|Arslan|Koç|Kılıç|Güneş|Ünal|"
               "Kaya|Demir|Akgün|Bozkurt|Ertuğrul|Karaca|Gündoğdu|Başaran|Sönmez|Uğur|Erdem|"
               "Ekinci|Çakır|Yücel|Kurtuluş|Özkan|Işık|Tuncay"),
        _words("Atatürk|Cumhuriyet|İstiklal|Gazi|Fevzi Çakmak|İnönü|Mimar Sinan|Barbaros|"
               "Yavuz Selim|Kazım Karabekir|Menderes|Zafer|Bağlar|Sanayi|Akasya|Lale"),
        ("{road} Caddesi No: {n}", "{road} Sokağı No: {n}", "{k}. Cadde No: {n}",
         "{road} Mahallesi {k}. Sokak No: {n}", "{road} Bulvarı No: {n}"),
        ("{city} Organize Sanayi Bölgesi", "{district} Sanayi Sitesi"),
        _cities("İstanbul : Marmara : Bağcılar, Esenyurt, Güngören, Zeytinburnu : 34;"
                "Bursa : Marmara : Nilüfer, Osmangazi, İnegöl : 16;"
                "Denizli : Ege : Merkezefendi, Pamukkale : 20;"
                "Gaziantep : Güneydoğu Anadolu : Şehitkamil, Şahinbey : 27;"
                "İzmir : Ege : Torbalı, Çiğli, Kemalpaşa : 35;"
                "Kahramanmaraş : Akdeniz : Onikişubat, Dulkadiroğlu : 46;"
                "Uşak : Ege : Merkez, Banaz : 64;"
                "Tekirdağ : Marmara : Çerkezköy, Çorlu : 59"),
        "###", False),
    Country(
        "VN", "VNM", ("Vietnam", "Viet Nam", "Socialist Republic of Vietnam"), 9,
        "vn", ("co_ltd", "jsc"),
        _words("Garment|Textile|Knitting|Fashion|Apparel|Shoes|Footwear|Embroidery"),
        _words("Việt|Tiến|Phú|Thành|Công|Hòa|Thọ|Đức|Giang|Hưng|Long|Phát|Minh|Tâm|Sơn|Hà|"
               "Nam|An|Bình|Đông|Tân|Quang|Hải|Thái|Hồng|Lộc|Phước|Vĩnh|Trường|Gia"),
        _words("Độc Lập|Tự Do|Hữu Nghị|Lê Lợi|Nguyễn Văn Linh|Điện Biên Phủ|Bình Dương|"
               "Cách Mạng Tháng Tám|Trần Hưng Đạo|Hùng Vương|Lý Thường Kiệt|Nguyễn Trãi"),
        ("Lot {lot}, {road} Street", "No. {n}, {road} Street", "Lot {lot}, Road {k}",
         "{n} {road} Street"),
        ("{district} Industrial Park", "Sóng Thần Industrial Park", "VSIP Industrial Park",
         "Tân Tạo Industrial Park", "Nhơn Trạch {k} Industrial Park"),
        _cities("Ho Chi Minh City : : Bình Tân, Thủ Đức, Tân Phú, Củ Chi : 70;"
                "Bình Dương : Bình Dương Province : Thuận An, Dĩ An, Bến Cát : 75;"
                "Đồng Nai : Đồng Nai Province : Biên Hòa, Nhơn Trạch, Long Thành : 76;"
                "Hà Nội : : Long Biên, Gia Lâm, Đông Anh : 10;"
                "Nam Định : Nam Định Province : Mỹ Lộc, Vụ Bản : 42;"
                "Long An : Long An Province : Đức Hòa, Bến Lức : 82"),
        "####", False),
    Country(
        "PK", "PAK", ("Pakistan", "Islamic Republic of Pakistan"), 5,
        "en", ("pvt_ltd", "ltd"), EN_PRODUCTS,
        EN_GENERIC + _words(
            "Nishat|Gul Ahmed|Sapphire|Masood|Kohinoor|Crescent|Chenab|Al Karam|Interloop|"
            "Artistic|Sitara|Sadaqat|Ibrahim|Faisal|Madina|Al Rahman|Mohammad|Hussain|Noor|"
            "Lucky|Kamal|Zahid|Yousuf|Feroze"),
        _words("Sargodha|Jaranwala|Sheikhupura|Daska|Raiwind|Multan|Ferozepur|Canal Bank|"
               "Shahrah-e-Faisal|Mauripur|Manghopir|Main Boulevard"),
        ("Plot No. {n}, Sector {k}", "Plot No. {n}, {road} Road", "Plot {n}, {k} km {road} Road",
         "Plot {n}/{k}, {road} Road"),
        ("{district} Industrial Area", "Sundar Industrial Estate", "{city} Industrial Estate"),
        _cities("Karachi : Sindh : Korangi, SITE, Landhi, North Karachi : 74;"
                "Lahore : Punjab : Kot Lakhpat, Raiwind, Gulberg : 54;"
                "Faisalabad : Punjab : Khurrianwala, Jaranwala, Millat Town : 38;"
                "Sialkot : Punjab : Sambrial, Ugoki : 51"),
        "###", False),
    Country(
        "KH", "KHM", ("Cambodia", "Kingdom of Cambodia", "Kampuchea"), 5,
        "kh", ("co_ltd",),
        _words("Garment|Apparel|Knitting|Textile|Shoes|Fashion|Handbags"),
        _words("Huey Chuen|Yu Long|Tai Yang|Shen·zhou|Sheng·da|Quan·tai|Jin·yi|Hong·kai|"
               "Ming·fai|Kin·wai|Angkor|Mekong|Sovann|Chea|Heng|Leng|Meng|Neak|Phnom|Sok"),
        _words("Veng Sreng|Chom Chao|Russian|Hanoi|Lum|Street 598|Street 271|Kandal Stung|"
               "Bek Chan|Tuol Pongro"),
        ("No. {n}, {road} Boulevard", "Lot {lot}, National Road {k}", "No. {n}, {road} Street",
         "Phum {road}, National Road {k}"),
        ("{city} Special Economic Zone", "Manhattan Special Economic Zone",
         "Tai Seng Special Economic Zone"),
        _cities("Phnom Penh : Phnom Penh : Por·Sen·chey, Mean·chey, Dang·kao : 12;"
                "Kandal : Kandal : Ang·Snuol, Ta·khmao, Kien·svay : 08;"
                "Kampong Speu : Kampong Speu : Sam·rong Tong, Ba·set : 05;"
                "Svay Rieng : Svay Rieng : Ba·vet, Chan·trea : 20;"
                "Sihanoukville : Preah Sihanouk : Prey Nob, Stueng Hav : 18"),
        "###", False),
    Country(
        "ID", "IDN", ("Indonesia", "Republic of Indonesia"), 5,
        "id", ("pt",),
        _words("Garment|Textile|Apparel|Busana|Tekstil|Knitting|Shoes|Fashion|Sandang"),
        _words("Sinar|Jaya|Abadi|Makmur|Sentosa|Sejahtera|Mulia|Indah|Karya|Mandiri|Prima|"
               "Cahaya|Bintang|Mitra|Sukses|Utama|Persada|Nusantara|Gemilang|Lestari|Kencana|"
               "Surya|Berkah|Harapan|Agung|Perkasa|Citra|Dharma"),
        _words("Raya Bogor|Raya Cikarang|Industri Selatan|Raya Serang|Jababeka Raya|Cakung "
               "Cilincing|Raya Narogong|Siliwangi|Gatot Subroto|Sudirman|Raya Solo|Raya Semarang"),
        ("Jalan {road} No. {n}", "Jalan {road} Km {k} No. {n}", "Jalan {road} Blok {lot}",
         "Jalan {road} No. {n} RT {k}"),
        ("Kawasan Industri {city}", "Kawasan Industri Jababeka", "Kawasan Berikat Nusantara"),
        _cities("Bekasi : Jawa Barat : Cikarang Utara, Cikarang Barat, Tambun : 175;"
                "Bogor : Jawa Barat : Citeureup, Gunung Putri, Cileungsi : 169;"
                "Bandung : Jawa Barat : Majalaya, Rancaekek, Dayeuhkolot : 403;"
                "Semarang : Jawa Tengah : Ungaran, Tugu, Genuk : 501;"
                "Tangerang : Banten : Cikupa, Balaraja, Jatiuwung : 157;"
                "Jakarta Utara : DKI Jakarta : Cakung, Cilincing, Koja : 141;"
                "Boyolali : Jawa Tengah : Banyudono, Mojosongo : 573"),
        "##", False),
    Country(
        "MM", "MMR", ("Myanmar", "Burma", "Republic of the Union of Myanmar"), 4,
        "en", ("co_ltd",), EN_PRODUCTS,
        EN_GENERIC + _words(
            "Shwe|Yadanar|Aung|Mingalar|Thiri|Myat|Zaw|Htet|Hla|Win|Naing|Ayeyar|Pyae|"
            "Thazin|Ngwe|Myint|Thura|Kyaw|Zeyar|Moe"),
        _words("Shwe·Lin·ban|Mingala·don|Pyay|Bayint·naung|Khay·mar·thi|Anawrahta|"
               "Thudhamma|Bo·gyoke|Min·dha·mma|Insein"),
        ("No. {n}, {road} Road", "Plot {n}, {road} Road", "No. {n}/{k}, {road} Street",
         "Plot {n}, Ward {k}"),
        ("{district} Industrial Zone", "Mingaladon Industrial Park",
         "Thilawa Special Economic Zone"),
        _cities("Yangon : Yangon Region : Hlaing·thar·yar, Shwe·pyi·thar, Dagon Seik·kan, "
                "North Okka·lapa : 11;"
                "Bago : Bago Region : Bago, Pa·yar·gyi : 08;"
                "Mandalay : Mandalay Region : Pyi·gyi·tagon, Amara·pura : 05"),
        "###", False),
    Country(
        "LK", "LKA", ("Sri Lanka", "Ceylon", "Democratic Socialist Republic of Sri Lanka"), 3,
        "en", ("pvt_ltd",), EN_PRODUCTS,
        EN_GENERIC + _words(
            "Brandix|Hirdaramani|Hela|Timex|Omega|Jinadasa|Perera|Fernando|Silva|Lanka|"
            "Kandy|Wijaya|Senanayake|Ruhuna|Nilwala|Sapphire|Ranmal"),
        _words("Negombo|Kandy|Colombo|Galle|High Level|Old|Temple|Station|Church|Main|"
               "Baseline|Horana"),
        ("No. {n}, {road} Road", "No. {n}/{k}, {road} Road", "Block {lot}, {road} Road"),
        ("{city} Export Processing Zone", "{district} Industrial Estate"),
        _cities("Katunayake : Western Province : Seeduwa, Minuwangoda : 11;"
                "Biyagama : Western Province : Malwana, Kelaniya : 116;"
                "Koggala : Southern Province : Habaraduwa, Ahangama : 80;"
                "Colombo : Western Province : Colombo 10, Wellawatte, Kotte : 00;"
                "Horana : Western Province : Panadura, Ingiriya : 12;"
                "Avissawella : Western Province : Seethawaka, Hanwella : 107"),
        "###", False),
    Country(
        "PT", "PRT", ("Portugal", "Portuguese Republic"), 2,
        "pt", ("lda", "sa"),
        _words("Confecções|Têxteis|Malhas|Calçado|Vestuário|Bordados|Tinturaria"),
        _words("Ferreira|Gonçalves|Simões|Araújo|Magalhães|Fernandes|Lopes|Sousa|Ribeiro|"
               "Gomes|Pinto|Carvalho|Teixeira|Moreira|Correia|Mendes|Antunes|Brandão|Conceição|"
               "Falcão"),
        _words("de Santo António|da Indústria|do Comércio|25 de Abril|da Liberdade|de São Tiago|"
               "Dom Afonso Henriques|do Monte|da Estação|das Flores|Nossa Senhora de Fátima"),
        ("Rua {road}, {n}", "Avenida {road}, {n}", "Rua {road}, n.º {n}", "Travessa {road}, {n}"),
        ("Zona Industrial de {city}", "Parque Industrial de {district}"),
        _cities("Barcelos : Braga : Arcozelo, Vila Frescainha, Silveiros : 475;"
                "Guimarães : Braga : Ronfe, Brito, Serzedelo : 480;"
                "Vila Nova de Famalicão : Braga : Joane, Riba de Ave : 476;"
                "Santo Tirso : Porto : Vila das Aves, São Martinho : 478;"
                "Felgueiras : Porto : Margaride, Lixa : 461;"
                "São João da Madeira : Aveiro : Arrifana, Milheirós : 370"),
        "#-###", False),
    Country(
        "IT", "ITA", ("Italy", "Italia", "Italian Republic"), 2,
        "it", ("srl", "spa"),
        _words("Tessile|Confezioni|Maglificio|Lanificio|Calzaturificio|Tessitura|Pelletteria"),
        _words("Bianchi|Rossi|Ferrari|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|Costa|"
               "Giordano|Mancini|Rizzo|Lombardi|Moretti|Barbieri|Fontana|Santoro|Mariani|"
               "Rinaldi|Caruso|Ferri|Vitale|Serra"),
        _words("Roma|Garibaldi|Mazzini|Cavour|dell'Industria|dei Mille|XX Settembre|"
               "Vittorio Veneto|Galileo Galilei|Leonardo da Vinci|Pistoiese|Firenze"),
        ("Via {road} {n}", "Viale {road} {n}", "Via {road}, {n}", "Località {road} {n}"),
        ("Zona Industriale {district}", "Zona Industriale di {city}"),
        _cities("Prato : PO : Macrolotto, Iolo, Mezzana : 591;"
                "Biella : BI : Cossato, Vigliano : 139;"
                "Como : CO : Cantù, Fino Mornasco : 221;"
                "Carpi : MO : Fossoli, Cibeno : 410;"
                "Montebelluna : TV : Biadene, Caonada : 310;"
                "Firenze : FI : Scandicci, Sesto Fiorentino : 501;"
                "Napoli : NA : Casoria, Arzano : 801"),
        "##", False),
    Country(
        "RO", "ROU", ("Romania", "România"), 2,
        "ro", ("srl_ro", "sa"),
        _words("Confecții|Textile|Tricotaje|Încălțăminte|Industrie|Croitorie"),
        _words("Ștefănescu|Popescu|Ionescu|Țurcanu|Dumitrescu|Rădulescu|Mureșan|Constantinescu|"
               "Băleanu|Stănescu|Gheorghiu|Nistor|Tănase|Lungu|Marin|Moldovan|Pășcanu|Sârbu"),
        _words("Mihai Eminescu|Ștefan cel Mare|Unirii|Republicii|Mărășești|Independenței|"
               "Industriilor|Tudor Vladimirescu|Avram Iancu|1 Decembrie 1918|Libertății"),
        ("Strada {road} nr. {n}", "Bulevardul {road} nr. {n}", "Strada {road} {n}"),
        ("Parcul Industrial {city}", "Zona Industrială {district}"),
        _cities("Bacău : Bacău : Mărgineni, Hemeiuș : 600;"
                "Timișoara : Timiș : Ghiroda, Dumbrăvița : 300;"
                "Iași : Iași : Miroslava, Valea Lupului : 700;"
                "Cluj-Napoca : Cluj : Florești, Apahida : 400;"
                "Suceava : Suceava : Ițcani, Burdujeni : 720;"
                "Botoșani : Botoșani : Curtești, Dorohoi : 710;"
                "Sibiu : Sibiu : Șelimbăr, Cisnădie : 550"),
        "###", False),
    Country(
        "MA", "MAR", ("Morocco", "Maroc", "Kingdom of Morocco"), 3,
        "fr", ("sarl", "sa_fr"),
        _words("Confection|Textile|Bonneterie|Jeans|Habillement|Cuir|Chaussures|Tricotage"),
        _words("Al Amal|Benjelloun|Mohammed|Atlas|Rif|Sahara|Yasmine|Nour|Zitoune|Chraibi|"
               "Tazi|Bennani|Alaoui|Idrissi|Berrada|Sefrioui|Lahlou|Amrani|Fassi|Mansouri"),
        _words("Ibn Batouta|Mohammed V|Hassan II|des FAR|Zerktouni|Moulay Ismail|Ibn Sina|"
               "Al Massira|Oued Sebou|Abdelmoumen"),
        ("Lot {n}, Rue {road}", "{n}, Rue {road}", "Lot {n}, Boulevard {road}",
         "{n}, Avenue {road}"),
        ("Zone Franche d'Exportation de {city}", "Zone Industrielle {district}",
         "Quartier Industriel {district}"),
        _cities("Tanger : Tanger-Tétouan-Al Hoceïma : Gzenaya, Mghogha, Ksar El Majaz : 90;"
                "Casablanca : Casablanca-Settat : Sidi Bernoussi, Aïn Sebaâ, Sidi Maârouf : 20;"
                "Fès : Fès-Meknès : Sidi Brahim, Bensouda : 30;"
                "Rabat : Rabat-Salé-Kénitra : Salé, Témara : 10;"
                "Marrakech : Marrakech-Safi : Sidi Ghanem, Tamensourt : 40"),
        "###", True),
    Country(
        "TN", "TUN", ("Tunisia", "Tunisie", "Republic of Tunisia"), 2,
        "fr", ("sarl", "sa_fr"),
        _words("Confection|Textile|Bonneterie|Jeans|Habillement|Cuir|Chaussures|Tricotage"),
        _words("Ben Ali|Trabelsi|Chaabane|Jlassi|Hammami|Karoui|Mejri|Sassi|Bouazizi|Gharbi|"
               "Khemiri|Ayari|Zouari|Ben Salah|Dridi|Riahi|Mansour|Carthage|Medina|Sahel"),
        _words("Habib Bourguiba|de la République|Farhat Hached|Ibn Khaldoun|de l'Environnement|"
               "Tahar Haddad|Hédi Chaker|de Monastir|de Sousse|de Mahdia"),
        ("{n}, Rue {road}", "Route {road}, Km {k}", "{n}, Avenue {road}"),
        ("Zone Industrielle de {city}", "Zone Industrielle {district}"),
        _cities("Monastir : Monastir : Skanès, Jemmal : 50;"
                "Sousse : Sousse : Sahloul, Hammam Sousse, Enfidha : 40;"
                "Ksar Hellal : Monastir : Moknine, Téboulba : 50;"
                "Sfax : Sfax : Sakiet Ezzit, Thyna : 30;"
                "Nabeul : Nabeul : Hammamet, Korba : 80;"
                "Ben Arous : Ben Arous : Mégrine, Radès : 20"),
        "##", False),
    Country(
        "ET", "ETH", ("Ethiopia", "Federal Democratic Republic of Ethiopia"), 2,
        "en", ("plc_et",), EN_PRODUCTS,
        EN_GENERIC + _words(
            "Ethio|Abyssinia|Addis|Habesha|Selam|Awash|Blue Nile|Tana|Abay|Lalibela|Axum|"
            "Gondar|Harar|Sheba|Walia|Semien|Zemen|Dashen|Bekele|Tesfaye"),
        _words("Bole|Ring|Debre Zeit|Jimma|Gojam Berenda|Africa Avenue|Sululta|Sebeta"),
        ("Shed No. {n}, {road} Road", "Kebele {k}, House No. {n}", "Plot {n}, {road} Road"),
        ("{city} Industrial Park", "Bole Lemi Industrial Park", "Eastern Industrial Zone"),
        _cities("Addis Ababa : Addis Ababa : Bole, Akaki Kality, Kolfe Keranio : 1000;"
                "Hawassa : Sidama : Tabor, Misrak : 1500;"
                "Mekelle : Tigray : Ayder, Quiha : 2310;"
                "Adama : Oromia : Bole Lemi, Dukem : 1888;"
                "Kombolcha : Amhara : Kombolcha, Harbu : 2000"),
        "", False),
    Country(
        "MX", "MEX", ("Mexico", "México", "United Mexican States"), 3,
        "es", ("sa_cv",),
        _words("Textil|Confecciones|Manufacturas|Calzado|Mezclilla|Prendas|Maquiladora"),
        _words("Hernández|García|Martínez|López|González|Pérez|Rodríguez|Sánchez|Ramírez|"
               "Cruz|Flores|Gómez|Morales|Vázquez|Jiménez|Reyes|Díaz|Torres|Gutiérrez|Ruiz|"
               "Azteca|Maya|Sol|Tehua|Baja"),
        _words("Benito Juárez|Reforma|Independencia|Hidalgo|Morelos|Insurgentes|"
               "Revolución|20 de Noviembre|Emiliano Zapata|Lázaro Cárdenas|Industrial"),
        ("Calle {road} No. {n}", "Avenida {road} No. {n}", "Carretera {road} Km {k}",
         "Calle {road} {n}"),
        ("Parque Industrial {city}", "Colonia {district}"),
        _cities("Tehuacán : Puebla : Centro, San Lorenzo, Santa María : 757;"
                "Puebla : Puebla : San Jerónimo Caleras, Chachapa : 720;"
                "León : Guanajuato : Obregón, Industrial Julián de Obregón : 371;"
                "Aguascalientes : Aguascalientes : Ciudad Industrial, Pocitos : 201;"
                "Torreón : Coahuila : Ampliación La Rosita, Nueva Los Ángeles : 272;"
                "Ciudad Juárez : Chihuahua : Partido Senecú, Salvárcar : 323;"
                "Mérida : Yucatán : Umán, Kanasín : 971"),
        "##", False),
    Country(
        "BR", "BRA", ("Brazil", "Brasil", "Federative Republic of Brazil"), 3,
        "br", ("ltda", "sa"),
        _words("Têxtil|Confecções|Malhas|Calçados|Vestuário|Tecelagem|Fiação"),
        _words("Souza|Oliveira|Santos|Lima|Pereira|Almeida|Nascimento|Araújo|Barbosa|Ribeiro|"
               "Cardoso|Rocha|Dias|Teixeira|Cavalcanti|Vieira|Hering|Karsten|Dudalina|Malwee|"
               "Coteminas|Vicunha|Cia|Paraná"),
        _words("São Paulo|Sete de Setembro|Tiradentes|Dom Pedro II|Getúlio Vargas|XV de Novembro|"
               "Brasil|das Indústrias|Marechal Deodoro|Santos Dumont|Presidente Kennedy"),
        ("Rua {road}, {n}", "Avenida {road}, {n}", "Rodovia {road}, Km {k}",
         "Rua {road}, nº {n}"),
        ("Distrito Industrial de {city}", "Bairro {district}"),
        _cities("Blumenau : SC : Itoupava, Velha, Garcia : 890;"
                "Brusque : SC : Limoeiro, Santa Terezinha : 883;"
                "Jaraguá do Sul : SC : Vila Lalau, Nereu Ramos : 892;"
                "Americana : SP : Jardim São Paulo, Vila Santa Catarina : 134;"
                "Fortaleza : CE : Maracanaú, Messejana : 600;"
                "Novo Hamburgo : RS : Canudos, Hamburgo Velho : 934;"
                "Franca : SP : Distrito Industrial, Jardim Paulista : 144"),
        "##-###", False),
    Country(
        "TH", "THA", ("Thailand", "Kingdom of Thailand"), 3,
        "en", ("co_ltd",), EN_PRODUCTS,
        EN_GENERIC + _words(
            "Siam|Thai|Saha|Chai|Srisuk|Wattana|Charoen|Sukhothai|Rattana|Pattana|Kasem|"
            "Mongkol|Suwan|Boonrawd|Chokchai|Ruamchai|Thanakorn|Somboon"),
        _words("Sukhumvit|Bang·na-Trad|Phet·kasem|Rama II|Thepha·rak|Srinakarin|Setthakit|"
               "Poo·chao Saming Prai|Phahon·yothin|Ekkachai"),
        ("{n}/{k} Moo {k}, {road} Road", "{n} Moo {k}, {road} Road", "{n}/{k} Soi {road}"),
        ("{city} Industrial Estate", "Bang·poo Industrial Estate", "Amata City Industrial Estate"),
        _cities("Samut Prakan : Samut Prakan : Bang Phli, Bang Bo, Phra Pradaeng : 102;"
                "Bangkok : Bangkok : Lat Krabang, Bang Khun Thian, Min Buri : 105;"
                "Samut Sakhon : Samut Sakhon : Krathum Baen, Mueang : 74;"
                "Chonburi : Chonburi : Si Racha, Bo Win : 20;"
                "Pathum Thani : Pathum Thani : Khlong Luang, Lam Luk Ka : 121;"
                "Nakhon Pathom : Nakhon Pathom : Sam Phran, Phutthamonthon : 73"),
        "##", False),
    Country(
        "MY", "MYS", ("Malaysia",), 2,
        "my", ("sdn_bhd",),
        _words("Garment|Textile|Apparel|Knitting|Manufacturing|Industries|Gloves"),
        _words("Perdana|Jaya|Sinar|Mega|Tan|Lim|Wong|Seng|Heng|Hup|Chong|Sri|Bintang|Mutiara|"
               "Harimau|Pelangi|Kenanga|Melati|Permai|Wawasan"),
        _words("Perusahaan|Perindustrian|Kilang|Sultan|Bukit|Permata|Tun Razak|Merdeka|"
               "Industri|Utama"),
        ("Lot {n}, Jalan {road} {k}", "No. {n}, Jalan {road}", "Plot {n}, Jalan {road} {k}"),
        ("Kawasan Perindustrian {district}", "Taman Perindustrian {city}"),
        _cities("Pulau Pinang : Pulau Pinang : Bayan Lepas, Prai, Bukit Mertajam : 1;"
                "Johor Bahru : Johor : Senai, Pasir Gudang, Tebrau : 8;"
                "Klang : Selangor : Pulau Indah, Kapar : 4;"
                "Ipoh : Perak : Menglembu, Tasek : 3;"
                "Melaka : Melaka : Batu Berendam, Ayer Keroh : 7;"
                "Muar : Johor : Bakri, Tangkak : 8"),
        "####", False),
)

# Legal-form classes: the first spelling is the canonical one; any may appear in a list.
LEGAL_FORMS = {
    "co_ltd": ("Co., Ltd.", "Company Limited", "Co Ltd", "Co.,Ltd.", "Co. Ltd", "Company Ltd."),
    "ltd": ("Ltd.", "Limited", "Ltd"),
    "pvt_ltd": ("Pvt. Ltd.", "Private Limited", "Pvt Ltd", "(Pvt) Ltd", "(Pvt.) Ltd.",
                "Private Ltd."),
    "plc_et": ("PLC", "P.L.C.", "Private Limited Company", "Plc"),
    "jsc": ("Joint Stock Company", "JSC", "J.S.C.", "Joint-Stock Company"),
    "as_tr": ("Sanayi ve Ticaret A.Ş.", "San. ve Tic. A.Ş.", "San. Tic. A.Ş.",
              "Sanayi ve Ticaret Anonim Şirketi", "A.Ş."),
    "ltd_tr": ("Sanayi ve Ticaret Ltd. Şti.", "San. ve Tic. Ltd. Şti.", "Ltd. Şti.",
               "Limited Şirketi"),
    "lda": ("Lda.", "Lda", "Limitada", "L.da"),
    "sa": ("S.A.", "SA", "S/A"),
    "srl": ("S.r.l.", "Srl", "S.R.L.", "s.r.l."),
    "spa": ("S.p.A.", "SpA", "S.P.A."),
    "srl_ro": ("S.R.L.", "SRL", "S.R.L"),
    "sarl": ("SARL", "S.A.R.L.", "Sarl", "S.à r.l."),
    "sa_fr": ("S.A.", "SA"),
    "sa_cv": ("S.A. de C.V.", "SA de CV", "S. A. de C. V.", "S.A. DE C.V."),
    "ltda": ("Indústria e Comércio Ltda.", "Ind. e Com. Ltda.", "Ind. Com. Ltda",
             "Indústria e Comércio Limitada", "Ltda."),
    "sdn_bhd": ("Sdn. Bhd.", "Sdn Bhd", "SDN. BHD.", "Sendirian Berhad"),
    "pt": ("PT", "PT.", "P.T."),
}

# Long form → short forms that lists use for it (whole words, any case in the text).
ABBREVIATIONS = (
    ("Economic and Technological Development Zone",
     ("ETDZ", "Eco. & Tech. Dev. Zone", "Economic & Technological Development Zone")),
    ("Export Processing Zone", ("EPZ", "Export Proc. Zone")),
    ("Special Economic Zone", ("SEZ",)),
    ("Organize Sanayi Bölgesi", ("OSB", "O.S.B.")),
    ("Kawasan Perindustrian", ("Kaw. Perindustrian", "Kaw. Perind.")),
    ("Kawasan Industri", ("KI", "Kaw. Industri")),
    ("Kawasan Berikat", ("KB",)),
    ("Zone Franche d'Exportation", ("ZFE", "Zone Franche")),
    ("Zone Industrielle", ("Z.I.", "ZI")),
    ("Zona Industriale", ("Z.I.", "Z. Ind.")),
    ("Zona Industrial", ("Z.I.", "Zona Ind.")),
    ("Zona Industrială", ("Z.I.",)),
    ("Quartier Industriel", ("Q.I.",)),
    ("Parque Industrial", ("Pq. Ind.", "P.I.")),
    ("Parcul Industrial", ("P.I.",)),
    ("Distrito Industrial", ("Dist. Ind.", "D.I.")),
    ("Taman Perindustrian", ("Tmn. Perindustrian",)),
    ("Industrial Park", ("Ind. Park", "IP")),
    ("Industrial Estate", ("Ind. Estate", "I/E")),
    ("Industrial Area", ("Ind. Area", "I/A")),
    ("Industrial Zone", ("Ind. Zone", "IZ")),
    ("Sanayi Sitesi", ("San. Sit.",)),
    ("High-tech Zone", ("Hi-tech Zone", "HTZ")),
    ("Development Zone", ("Dev. Zone",)),
    ("Import and Export", ("Imp. & Exp.", "I/E")),
    ("Industrial", ("Ind.", "Indl.")),
    ("Road", ("Rd", "Rd.")),
    ("Street", ("St", "St.")),
    ("Avenue", ("Ave", "Ave.")),
    ("Boulevard", ("Blvd", "Blvd.")),
    ("Highway", ("Hwy", "Hwy.")),
    ("District", ("Dist.", "Dt.")),
    ("Division", ("Div.",)),
    ("Province", ("Prov.",)),
    ("Region", ("Reg.",)),
    ("Sector", ("Sec.", "Sec")),
    ("Building", ("Bldg.", "Bldg")),
    ("Survey", ("Sy.", "S.")),
    ("House", ("H.",)),
    ("Holding", ("Hold.",)),
    ("National Road", ("NR", "N.R.")),
    ("Jalan", ("Jl.", "Jln.", "Jl")),
    ("Caddesi", ("Cad.", "Cd.")),
    ("Cadde", ("Cad.", "Cd.")),
    ("Sokağı", ("Sok.", "Sk.")),
    ("Sokak", ("Sok.", "Sk.")),
    ("Mahallesi", ("Mah.", "Mh.")),
    ("Bulvarı", ("Blv.", "Bulv.")),
    ("Avenida", ("Av.", "Avda.")),
    ("Travessa", ("Tv.", "Trav.")),
    ("Rua", ("R.",)),
    ("Viale", ("V.le",)),
    ("Via", ("V.",)),
    ("Località", ("Loc.",)),
    ("Strada", ("Str.",)),
    ("Bulevardul", ("Bd.", "Bld.")),
    ("Rue", ("R.",)),
    ("Route", ("Rte",)),
    ("Calle", ("C.",)),
    ("Colonia", ("Col.",)),
    ("Carretera", ("Carr.", "Ctra.")),
    ("Rodovia", ("Rod.",)),
    ("Bairro", ("B.",)),
    ("Kebele", ("Keb.",)),
    ("Moo", ("M.", "Mu")),
    ("Soi", ("S.",)),
    ("Phum", ("Ph.",)),
)

# Word-level spelling variants of the same name (transliterations, old and new names).
ALIASES = {
    "Chittagong": ("Chattogram", "Chottogram"),
    "Narayanganj": ("Narayangonj", "Naraynganj"),
    "Ashulia": ("Asulia", "Ashuliya"),
    "Bhaluka": ("Valuka",),
    "Gurugram": ("Gurgaon",),
    "Bengaluru": ("Bangalore",),
    "Tiruppur": ("Tirupur",),
    "Mumbai": ("Bombay",),
    "Chennai": ("Madras",),
    "Kolkata": ("Calcutta",),
    "Sri": ("Shri", "Shree"),
    "Lakshmi": ("Laxmi",),
    "Mahalakshmi": ("Mahalaxmi",),
    "Mohammad": ("Muhammad", "Mohammed"),
    "Mohammed": ("Mohamed", "Muhammad"),
    "Mohammadi": ("Muhammadi",),
    "Rahman": ("Rehman",),
    "Hussain": ("Hussein", "Husain"),
    "Hossain": ("Hussain", "Hosain"),
    "Yousuf": ("Yusuf", "Yousaf"),
    "Madina": ("Medina",),
    "Al Karam": ("Alkaram", "Al-Karam"),
    "Al Rahman": ("Al-Rehman", "Alrahman"),
    "Al Amal": ("El Amal", "Al-Amal"),
    "Yangon": ("Rangoon",),
    "Bago": ("Pegu",),
    "Hawassa": ("Awassa",),
    "Mekelle": ("Mekele", "Makale"),
    "Addis Ababa": ("Addis Abeba",),
    "Adama": ("Nazret", "Nazareth"),
    "Axum": ("Aksum",),
    "Abay": ("Abbay",),
    "Tanger": ("Tangier", "Tangiers"),
    "Marrakech": ("Marrakesh",),
    "Fès": ("Fez",),
    "Chonburi": ("Chon Buri", "Cholburi"),
    "Samut Prakan": ("Samut Prakarn", "Samutprakarn"),
    "Samut Sakhon": ("Samut Sakorn", "Samutsakhon"),
    "Lat Krabang": ("Ladkrabang", "Lad Krabang"),
    "Bang Phli": ("Bang Plee", "Bangphli"),
    "Charoen": ("Jaroen", "Charoenn"),
    "Wattana": ("Watana", "Vadhana"),
    "Pathum Thani": ("Pathumthani",),
    "Pulau Pinang": ("Penang",),
    "Melaka": ("Malacca",),
    "Prai": ("Perai",),
    "Sihanoukville": ("Kampong Som", "Preah Sihanouk"),
    "Chom Chao": ("Choam Chao", "Cham Chao"),
    "Veng Sreng": ("Veng Sreng Blvd", "Vengsreng"),
    "Ho Chi Minh City": ("HCMC", "HCM City", "Hồ Chí Minh City", "Saigon"),
    "Hà Nội": ("Hanoi", "Ha Noi"),
    "Firenze": ("Florence",),
    "Napoli": ("Naples",),
    "Cluj-Napoca": ("Cluj",),
    "Ciudad Juárez": ("Cd. Juárez", "Juárez"),
    "Katunayake": ("Katunayaka",),
    "Avissawella": ("Awissawella",),
    "Huey Chuen": ("Hui Quan", "Huey-Chuen"),
    "Yu Long": ("Yulong", "Yu-Long"),
    "Tai Yang": ("Taiyang", "Tai-Yang"),
}

# Plural and singular of product words: the same factory is listed either way.
NUMBER_VARIANTS = {
    "Garments": "Garment", "Garment": "Garments", "Apparels": "Apparel", "Apparel": "Apparels",
    "Textiles": "Textile", "Textile": "Textiles", "Fashions": "Fashion", "Fashion": "Fashions",
    "Sweaters": "Sweater", "Exports": "Export", "Industries": "Industry", "Designs": "Design",
    "Knitwear": "Knitwears", "Shoes": "Shoe", "Accessories": "Accessory",
}

# Near-identical names of different factories: product words that stand for another firm.
LOOKALIKE_PRODUCTS = {
    "Knitwear": "Knit Fashion", "Knitting": "Knit Garments", "Knit Composite": "Knit Concern",
    "Garments": "Garments Industries", "Apparels": "Apparel Sourcing", "Textiles": "Textile Mills",
    "Fashions": "Fashion Wear", "Sweaters": "Sweater Industries", "Denim": "Denim Wash",
    "Washing": "Washing Plant", "Dyeing": "Dyeing Mills", "Spinning Mills": "Spinners",
    "Footwear": "Foot Care", "Leather": "Leather Goods", "Shoes": "Shoe Components",
    "Weaving": "Weaving Mills", "Embroidery": "Embroidery Works", "Accessories": "Trims",
    "Exports": "Overseas", "Industries": "Enterprise", "Clothing": "Clothing Co", "Designs":
    "Design Studio", "Wear": "Wear Tex",
}

KEYBOARD = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop",
    "m": "njk", "n": "bhjm", "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz",
    "t": "rfgy", "u": "yhji", "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}

SECTORS = {
    "Footwear": ("Footwear", "Shoes"), "Shoes": ("Footwear", "Shoes"),
    "Calçado": ("Footwear", "Shoes"), "Calçados": ("Footwear", "Shoes"),
    "Calzado": ("Footwear", "Shoes"), "Calzaturificio": ("Footwear", "Shoes"),
    "Chaussures": ("Footwear", "Shoes"), "Ayakkabı": ("Footwear", "Shoes"),
    "Încălțăminte": ("Footwear", "Shoes"), "Leather": ("Leather", "Leather goods"),
    "Leather Products": ("Leather", "Leather goods"), "Deri": ("Leather", "Leather goods"),
    "Cuir": ("Leather", "Leather goods"), "Pelletteria": ("Leather", "Leather goods"),
    "Handbags": ("Leather", "Bags"), "Gloves": ("Apparel", "Gloves"),
    "Spinning Mills": ("Textiles", "Yarn"), "İplik": ("Textiles", "Yarn"),
    "Fiação": ("Textiles", "Yarn"), "Weaving": ("Textiles", "Fabric"),
    "Dokuma": ("Textiles", "Fabric"), "Tecelagem": ("Textiles", "Fabric"),
    "Tessitura": ("Textiles", "Fabric"), "Lanificio": ("Textiles", "Fabric"),
    "Dyeing": ("Textiles", "Dyeing"), "Boya": ("Textiles", "Dyeing"),
    "Dyeing and Finishing": ("Textiles", "Dyeing"), "Printing and Dyeing": ("Textiles", "Dyeing"),
    "Tinturaria": ("Textiles", "Dyeing"), "Home Textile": ("Home Textiles", "Bed linen"),
}
WORKER_BANDS = ((1000, "Less than 1000"), (5000, "1001-5000"), (10000, "5001-10000"),
                (10 ** 9, "More than 10000"))


# ---------------------------------------------------------------------------------------
# True factories
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FactoryName:
    """A factory's name in parts, so that disclosures can vary each part."""

    brand: str
    product: str
    legal: str  # key of LEGAL_FORMS
    locality: str = ""  # CN: the province before the brand, often left out
    unit: int = 0  # sister factories of one group: "Unit 2"
    tag: str = ""  # KH: "(Cambodia)" after the brand
    product_first: bool = False  # "Maglificio Rossi", "Confection Al Amal"


@dataclass(frozen=True)
class Address:
    """A factory's address in parts, in the country's usual order."""

    street: str
    zone: str
    district: str
    city: str
    province: str
    postcode: str


@dataclass(frozen=True)
class Factory:
    """One true production location."""

    true_id: str
    group_id: str
    kind: str  # single | sister-unit | sister-product | sister-city | lookalike
    related: str  # lookalike: the factory it resembles
    country: Country
    name: FactoryName
    address: Address
    workers: int


def canonical_name(name):
    """The name as the factory itself writes it (first spelling of every variant)."""
    return join_syllables(render_name(name, None), "")


def canonical_address(addr):
    """The address as the factory itself writes it."""
    text = ", ".join(p for p in (addr.street, addr.zone, addr.district, addr.city,
                                 addr.province, addr.postcode) if p)
    return join_syllables(text, "")


def street_key(country, city, street):
    """What makes a street line one place: the road and the numbers, whatever the
    template ("No. 88 Wenhua Road" and "Wenhua Road No. 88" are one place)."""
    road = next((r for r in country.roads if r in street), "")
    return country.code, city.name, road, tuple(sorted(re.findall(r"\d+", street)))


class World:
    """Builds true factories: groups, sister factories, near-identical lookalikes.

    No two factories of a city share a road with the same numbers (street_key), so two
    factories always differ in the unit number of the name or in the street and number of
    the address, which every disclosure keeps (typos never touch digits): the truth can be
    told from the rows.
    """

    def __init__(self, rng):
        self.rng = rng
        self.used_streets = set()
        self.factories = []
        self.groups = 0
        self.cum_weights = []
        total = 0.0
        for c in COUNTRIES:
            total += c.weight
            self.cum_weights.append(total)

    def build(self, n, sister_rate, lookalike_rate):
        """Make n factories; returns them in creation order."""
        while len(self.factories) < n:
            country = self.rng.choices(COUNTRIES, cum_weights=self.cum_weights)[0]
            self.groups += 1
            group_id = f"G{self.groups:06d}"
            size = 1
            if self.rng.random() < sister_rate:
                size = self.rng.choices((2, 3, 4, 5, 6, 8), weights=(40, 25, 15, 10, 6, 4))[0]
            size = min(size, n - len(self.factories))
            first = self._new_factory(group_id, "single", "", country)
            mode = self.rng.choice(("sister-unit", "sister-product", "sister-city"))
            if size > 1:
                first = replace(first, kind=mode)
            if size > 1 and mode == "sister-unit":
                first = replace(first, name=replace(first.name, unit=1))
            self.factories.append(first)
            for k in range(2, size + 1):
                self.factories.append(self._sister(first, mode, k))
            if len(self.factories) < n and self.rng.random() < lookalike_rate:
                self.factories.append(self._lookalike(self.rng.choice(self.factories[-size:])))
        return self.factories

    def _next_id(self):
        """The id of the factory made next."""
        return f"F{len(self.factories) + 1:07d}"

    def _brand(self, country):
        """A brand in the country's naming style."""
        rng = self.rng
        if country.name_style == "cn":
            return SYL.join(s.capitalize() for s in rng.sample(country.brand_words, 2))
        if country.name_style == "vn":
            return " ".join(rng.sample(country.brand_words, 2))
        if country.name_style == "en":
            own = country.brand_words[len(EN_GENERIC):]
            r = rng.random()
            if r < 0.5:
                return rng.choice(own)
            if r < 0.8:
                return f"{rng.choice(EN_GENERIC)} {rng.choice(own)}"
            return " ".join(rng.sample(EN_GENERIC, 2))
        if country.name_style in ("id", "my"):
            return " ".join(rng.sample(country.brand_words, rng.choice((2, 2, 3))))
        if country.name_style == "pt" and rng.random() < 0.3:
            return f"{rng.choice(country.brand_words)} & {rng.choice(('Filhos', 'Irmãos'))}"
        if rng.random() < 0.25:
            return " ".join(rng.sample(country.brand_words, 2))
        return rng.choice(country.brand_words)

    def _name(self, country, city):
        """A new firm's name in the country's style."""
        rng = self.rng
        product = rng.choice(country.products)
        style = country.name_style
        return FactoryName(
            brand=self._brand(country), product=product, legal=rng.choice(country.legal),
            locality=city.province if style == "cn" and rng.random() < 0.7 else "",
            tag="(Cambodia)" if style == "kh" and rng.random() < 0.6 else "",
            product_first=(style == "it" and product in ("Maglificio", "Lanificio",
                                                         "Calzaturificio", "Tessitura"))
            or (style == "fr" and rng.random() < 0.5)
            or (style == "es" and product == "Maquiladora"))

    def _street(self, country, city, road=None):
        """A street line no other factory of the city has; on the given road if any."""
        rng = self.rng
        for _ in range(1000):
            template = rng.choice(country.street_templates)
            if road is not None and "{road}" not in template:
                continue
            n = rng.choice((rng.randint(1, 99), rng.randint(1, 999), rng.randint(100, 2999)))
            lot = f"{rng.choice('ABCDEFGH')}{rng.randint(1, 40)}"
            street = template.format(n=n, k=rng.randint(1, 30), lot=lot,
                                     road=road or rng.choice(country.roads))
            key = street_key(country, city, street)
            if key not in self.used_streets:
                self.used_streets.add(key)
                return street
        raise RuntimeError("no free street left: too many factories for the places")

    def _address(self, country, city, road=None, zone=None):
        """A new address in city; on the given road and in the given zone if any."""
        rng = self.rng
        district = rng.choice(city.districts)
        if zone is None:
            zone = ""
            if rng.random() < 0.5:
                zone = rng.choice(country.zones).format(
                    city=city.name, district=district, k=rng.randint(1, 3))
        postcode = ""
        if country.postcode:
            digits = "".join(str(rng.randint(0, 9)) if ch == "#" else ch
                             for ch in country.postcode)
            postcode = city.postcode_prefix + digits
        return Address(self._street(country, city, road), zone, district, city.name,
                       city.province, postcode)

    def _workers(self):
        """Head count: log-normal, median about 650."""
        return int(min(30000, max(20, self.rng.lognormvariate(6.5, 1.0))))

    def _city_of(self, country, addr):
        """The City record of an address."""
        return next(c for c in country.cities if c.name == addr.city)

    def _new_factory(self, group_id, kind, related, country):
        """A factory of a new firm in a random city of the country."""
        city = self.rng.choice(country.cities)
        return Factory(self._next_id(), group_id, kind, related, country,
                       self._name(country, city), self._address(country, city), self._workers())

    def _sister(self, first, mode, k):
        """Another factory of first's group: Unit k on the same road, another product
        in the same city, or the same name in another city."""
        country = first.country
        city = self._city_of(country, first.address)
        if mode == "sister-unit":
            road = next((r for r in country.roads if r in first.address.street), None)
            addr = self._address(country, city, road=road, zone=first.address.zone)
            name = replace(first.name, unit=k)
        elif mode == "sister-product":
            others = [p for p in country.products if p != first.name.product]
            name = replace(first.name, product=self.rng.choice(others))
            addr = self._address(country, city)
        else:
            others = [c for c in country.cities if c.name != city.name]
            name = first.name
            addr = self._address(country, self.rng.choice(others))
        return Factory(self._next_id(), first.group_id, mode, first.true_id, country, name,
                       addr, self._workers())

    def _lookalike(self, model):
        """A different firm in model's city whose name differs by one word."""
        rng = self.rng
        country = model.country
        city = self._city_of(country, model.address)
        name = replace(model.name, unit=0)
        words = name.brand.split(" ")
        if model.name.product in LOOKALIKE_PRODUCTS and rng.random() < 0.5:
            name = replace(name, product=LOOKALIKE_PRODUCTS[model.name.product])
        elif country.name_style == "cn":
            syllables = name.brand.split(SYL)
            syllables[-1] = rng.choice([s.capitalize() for s in PINYIN
                                        if s.capitalize() != syllables[-1]])
            name = replace(name, brand=SYL.join(syllables))
        elif len(words) > 1 and rng.random() < 0.5:
            words[-1] = rng.choice([w for w in country.brand_words if w not in words])
            name = replace(name, brand=" ".join(words))
        else:
            extra = rng.choice([w for w in ("New", "Eastern", "Royal", "Prime", "Global",
                                            "United") if w not in words])
            name = replace(name, brand=f"{extra} {name.brand}")
        return Factory(self._next_id(), f"L{self._next_id()}", "lookalike", model.true_id,
                       country, name, self._address(country, city), self._workers())


# ---------------------------------------------------------------------------------------
# Disclosures: how one company writes one factory
# ---------------------------------------------------------------------------------------

@dataclass
class CompanyStyle:
    """Habits of one company's list, on top of which every row varies."""

    upper: float
    abbreviate: float
    strip_accents: float
    strip_punct: float
    country_form: str
    partial: float


def company_style(rng):
    """Draw one company's habits."""
    return CompanyStyle(
        upper=rng.choice((0.02, 0.05, 0.1, 0.9)),
        abbreviate=rng.uniform(0.1, 0.7),
        strip_accents=rng.uniform(0.2, 0.95),
        strip_punct=rng.uniform(0.0, 0.4),
        country_form=rng.choice(("name", "name", "alpha2", "alpha2", "alpha3", "alias")),
        partial=rng.uniform(0.02, 0.2))


def _compile_phrases(phrases):
    """One regex matching any of the phrases as whole words, longest first."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in ordered) + r")(?![\w])")


ABBREV_MAP = {long: short for long, short in ABBREVIATIONS}
ABBREV_RE = _compile_phrases(ABBREV_MAP)
ALIAS_RE = _compile_phrases(ALIASES)
NUMBER_VARIANT_RE = _compile_phrases(NUMBER_VARIANTS)


def render_name(name, rng):
    """The name as written in one disclosure; rng None gives the canonical spelling
    (syllable marks still in)."""
    def pick(options, p_first):
        return options[0] if rng is None or rng.random() < p_first else rng.choice(options[1:])

    legal = pick(LEGAL_FORMS[name.legal], 0.5)
    if rng is not None and name.legal != "pt" and rng.random() < 0.12:
        legal = ""
    parts = []
    if name.legal == "pt" and (rng is None or rng.random() < 0.9):
        parts.append(legal)
        legal = ""
    if name.locality and (rng is None or rng.random() < 0.75):
        parts.append(name.locality)
    if name.product_first:
        parts += [name.product, name.brand]
    else:
        parts.append(name.brand)
        if name.tag and (rng is None or rng.random() < 0.7):
            parts.append(name.tag)
        parts.append(name.product)
    if name.unit:
        roman = "I" * name.unit if name.unit < 4 else str(name.unit)
        parts.append(pick((f"Unit {name.unit}", f"Unit-{name.unit}", f"Unit No. {name.unit}",
                           f"(Unit {name.unit})", f"Unit {roman}"), 0.6))
    text = " ".join(parts)
    if legal:
        text += ("," if rng is not None and rng.random() < 0.3 else "") + " " + legal
    return text


def join_syllables(text, sep):
    """Join "Hua·fu" as "Huafu" (sep ""), "Hua Fu" or "Hua-Fu"."""
    if sep == "":
        return re.sub(SYL + r"(\w)", lambda m: m.group(1).lower(), text)
    return re.sub(SYL + r"(\w)", lambda m: sep + m.group(1).upper(), text)


NUMBERED_RE = re.compile(r"\b(Plot|Road|House|Holding|Shed|Lot|Building|Door) (?:No\. )?(\d+)")
NUMBER_RE = re.compile(r"(?<![\w.])(No\.|n\.º|nº|nr\.) (\d+)")
LEADING_NUMBER_RE = re.compile(r"^No\. (\d+),? (.+)$")


def render_address(addr, country, rng, style):
    """The address as written in one disclosure: parts dropped, reordered, numbers
    written another way. Street, number and city are always kept."""
    street = addr.street
    if rng.random() < 0.2:
        street = LEADING_NUMBER_RE.sub(r"\2 No. \1", street)
    street = NUMBERED_RE.sub(
        lambda m: rng.choice(("{0} {1}", "{0} # {1}", "{0} No. {1}", "{0}-{1}", "{0} #{1}"))
        .format(m.group(1), m.group(2)), street)
    street = NUMBER_RE.sub(
        lambda m: rng.choice((f"{m.group(1)} {m.group(2)}", f"{m.group(1)}{m.group(2)}",
                              f"No {m.group(2)}", f"#{m.group(2)}", m.group(2),
                              f"Number {m.group(2)}")), street)
    partial = rng.random() < style.partial
    zone = "" if partial or rng.random() < 0.15 else addr.zone
    district = "" if partial or rng.random() < 0.3 else addr.district
    province = "" if partial or rng.random() < 0.35 else addr.province
    postcode = "" if partial or rng.random() < 0.35 else addr.postcode
    city = addr.city
    if postcode and (country.postcode_joined or rng.random() < 0.3):
        city = rng.choice((f"{city}-{postcode}", f"{city} {postcode}", f"{postcode} {city}"))
        postcode = ""
    parts = [p for p in (street, zone, district, city, province, postcode) if p]
    r = rng.random()
    if r < (0.35 if country.code == "CN" else 0.08):
        parts.reverse()
    elif r < 0.25 and len(parts) > 2:
        parts = parts[1:] + parts[:1]
    sep = rng.choices((", ", " ", ",", " - "), weights=(75, 10, 10, 5))[0]
    return sep.join(parts)


def _typo(word, rng):
    """One keyboard slip in a word: substitution, deletion, insertion or transposition."""
    i = rng.randrange(len(word))
    op = rng.choice(("sub", "del", "ins", "swap"))
    near = KEYBOARD.get(word[i].lower(), word[i].lower())
    if op == "sub":
        return word[:i] + rng.choice(near) + word[i + 1:]
    if op == "del":
        return word[:i] + word[i + 1:]
    if op == "ins":
        return word[:i] + rng.choice(near + word[i]) + word[i:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


WORD_RE = re.compile(r"([^\W\d_]{4,})([.,]?)")


def add_typos(text, count, rng):
    """count typos in alphabetic words of four letters or more; digits are never touched."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if WORD_RE.fullmatch(w)]
    for _ in range(count):
        if not candidates:
            break
        i = rng.choice(candidates)
        m = WORD_RE.fullmatch(words[i])
        words[i] = _typo(m.group(1), rng) + m.group(2)
    return " ".join(words)


def strip_accents(text):
    """ASCII letters for accented ones, as lists typed on an ASCII keyboard have them."""
    text = text.translate(str.maketrans("ıİđĐøØßłŁ", "iIdDoOslL"))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def vary_text(text, rng, style, row_choices, is_name):
    """Variants every field shares: aliases, abbreviations, plural, syllable spacing,
    accents, case, punctuation. row_choices keeps one choice per row for each habit and
    for each abbreviated phrase."""
    text = ALIAS_RE.sub(
        lambda m: rng.choice(ALIASES[m.group(1)]) if rng.random() < 0.35 else m.group(1), text)

    def abbreviate(m):
        long, chosen = m.group(1), row_choices["abbreviations"]
        if long not in chosen:
            short = ABBREV_MAP[long]
            chosen[long] = rng.choice(short) if rng.random() < style.abbreviate else long
        return chosen[long]

    text = ABBREV_RE.sub(abbreviate, text)
    if is_name:
        text = NUMBER_VARIANT_RE.sub(
            lambda m: NUMBER_VARIANTS[m.group(1)] if rng.random() < 0.15 else m.group(1), text)
        text = re.sub(r"\band\b", lambda m: "&" if rng.random() < 0.3 else "and", text)
    text = join_syllables(text, row_choices["syllables"])
    if row_choices["ascii"]:
        text = strip_accents(text)
    elif row_choices["cedilla"]:
        text = text.translate(str.maketrans("șțȘȚ", "şţŞŢ"))
    if row_choices["case"] == "upper":
        text = text.upper()
    elif row_choices["case"] == "lower":
        text = text.lower()
    elif row_choices["case"] == "title":
        text = text.title()
    if row_choices["punct"]:
        text = re.sub(r"[.,]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def render_country(country, rng, style):
    """The country column: name, alpha-2, alpha-3 or another name, in varying case."""
    form = style.country_form if rng.random() < 0.8 else rng.choice(
        ("name", "alpha2", "alpha3", "alias"))
    text = {"name": country.names[0], "alpha2": country.code, "alpha3": country.alpha3,
            "alias": rng.choice(country.names[1:] or country.names)}[form]
    r = rng.random()
    return text.upper() if r < 0.1 else text.lower() if r < 0.13 else text


def render_workers(workers, rng):
    """number_of_workers as lists give it: a number, a band or nothing."""
    r = rng.random()
    if r < 0.3:
        return ""
    if r < 0.55:
        return str(workers)
    if r < 0.7:
        return f"{workers:,}"
    if r < 0.8:
        return str(round(workers, -2) or workers)
    return next(label for bound, label in WORKER_BANDS if workers <= bound)


def render_row(factory, rng, style):
    """One disclosure of a factory: the CSV fields of one row."""
    row_choices = {
        "syllables": rng.choices(("", " ", "-"), weights=(60, 30, 10))[0],
        "ascii": rng.random() < style.strip_accents,
        "cedilla": rng.random() < 0.3,
        "case": ("upper" if rng.random() < style.upper
                 else rng.choices(("asis", "lower", "title"), weights=(90, 3, 7))[0]),
        "punct": rng.random() < style.strip_punct,
        "abbreviations": {},
    }
    name = vary_text(render_name(factory.name, rng), rng, style, row_choices, True)
    address = vary_text(render_address(factory.address, factory.country, rng, style), rng,
                        style, row_choices, False)
    typos = rng.choices((0, 1, 2, 3), weights=(60, 28, 10, 2))[0]
    for _ in range(typos):
        if rng.random() < 0.5:
            name = add_typos(name, 1, rng)
        else:
            address = add_typos(address, 1, rng)
    sector, product_type = SECTORS.get(factory.name.product, ("Apparel", "Garments"))
    return {
        "name": name,
        "address": address,
        "country": render_country(factory.country, rng, style),
        "sector": "" if rng.random() < 0.2 else sector,
        "product_type": "" if rng.random() < 0.3 else product_type,
        "number_of_workers": render_workers(factory.workers, rng),
    }


# ---------------------------------------------------------------------------------------
# generate
# ---------------------------------------------------------------------------------------

FIELDS = ("name", "address", "country", "sector", "product_type", "number_of_workers")


def disclosure_counts(n, rows, cap, rng):
    """How many companies disclose each factory: skewed (most by one, some by 5–20),
    adjusted so that the counts add up to rows exactly."""
    if rows < n:
        raise SystemExit(f"--rows {rows} is below --locations {n}: every factory is disclosed")
    ks = list(range(1, cap + 1))
    weights = [{1: 55, 2: 17, 3: 9, 4: 5}.get(k, 14 * (1 / k) / sum(1 / j for j in range(5, 21)))
               for k in ks]
    counts = rng.choices(ks, weights=weights, k=n)
    total = sum(counts)
    while total != rows:
        i = rng.randrange(n)
        if total < rows and counts[i] < cap:
            counts[i] += 1
            total += 1
        elif total > rows and counts[i] > 1:
            counts[i] -= 1
            total -= 1
    return counts


def assign_companies(counts, n_companies, rng):
    """Which companies disclose each factory (distinct per factory, weighted by a skewed
    list size), then every company is given at least one row."""
    cum, total = [], 0.0
    for _ in range(n_companies):
        total += rng.lognormvariate(0.0, 1.0)
        cum.append(total)
    disclosers = []
    per_company = Counter()
    for k in counts:
        chosen = []
        while len(chosen) < k:
            c = rng.choices(range(n_companies), cum_weights=cum)[0]
            if c not in chosen:
                chosen.append(c)
        disclosers.append(chosen)
        per_company.update(chosen)
    for empty in (c for c in range(n_companies) if per_company[c] == 0):
        while per_company[empty] == 0:
            chosen = disclosers[rng.randrange(len(disclosers))]
            j = rng.randrange(len(chosen))
            if per_company[chosen[j]] > 1 and empty not in chosen:
                per_company[chosen[j]] -= 1
                chosen[j] = empty
                per_company[empty] += 1
    return disclosers


def write_company_files(out_dir, lists):
    """Write one CSV per company; returns the truth rows (company, row, true_id)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    truth = []
    for company, rows in lists.items():
        with open(out_dir / f"{company}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(FIELDS)
            for i, (true_id, row) in enumerate(rows, start=1):
                w.writerow([row[k] for k in FIELDS])
                truth.append((company, i, true_id))
    return truth


def write_truth(path, truth):
    """truth.csv: company,row,true_id."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("company", "row", "true_id"))
        w.writerows(truth)


def write_factories(path, factories):
    """factories.csv: the true factories with their group and canonical spelling."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("true_id", "group_id", "kind", "related", "country", "city", "name",
                    "address"))
        for fa in factories:
            w.writerow((fa.true_id, fa.group_id, fa.kind, fa.related, fa.country.code,
                        join_syllables(fa.address.city, ""), canonical_name(fa.name),
                        canonical_address(fa.address)))


README = """SYNTHETIC production-location disclosures for benchmarking imvo's location matcher.
Nothing here describes a real factory, company or address: names and addresses are drawn
from word lists by scripts/bench_locations.py (EUPL-1.2) and only look real.

Made with: {command}
{n_factories} distinct true locations ({kinds}) in {n_countries} countries,
disclosed in {n_rows} rows by {n_companies} companies (rows per company: min {min_rows},
median {median_rows}, max {max_rows}); disclosures per location: {disclosures}.
Truth: {truth} (company,row,true_id; row 1 = first data row of the company's file).
True factories: {factories}.

Each row varies, seeded: legal forms (Co., Ltd. / Company Limited / Co Ltd / none;
Pvt. Ltd. / Private Limited; A.S. / San. ve Tic. A.S.; ...), abbreviations (Road/Rd,
Street/St., Industrial/Ind., District/Dist., Export Processing Zone/EPZ, Jalan/Jl., ...),
transliterations (accents dropped or kept, Romanian cedilla letters, pinyin and Burmese or
Khmer syllables joined, spaced or hyphenated, Chittagong/Chattogram, Tanger/Tangier, ...),
singular/plural product words, case and punctuation, house and plot numbers written
No. 12 / No.12 / #12 / 12, address parts reordered (Chinese order) or dropped (postcode,
district, province, zone; partial addresses keep only street and city), the country as a
name, alpha-2, alpha-3 or another name (Viet Nam, Turkiye, Burma), and up to three typos
(insert, delete, substitute, transpose) in words of four letters or more.

Hard negatives: sister factories of one group (Unit 1 / Unit 2 on the same road with other
plot numbers; another product in the same city; the same name in another city) and
different firms with near-identical names in the same city. Every factory's street and
number are unique in its city, and every disclosure keeps the street, the number, the city
and any unit number, so the truth can be told from the rows.
"""


def generate(args):
    """The generate subcommand."""
    out = Path(args.out)
    truth_path = Path(args.truth) if args.truth else out.parent / "truth.csv"
    factories_path = truth_path.parent / "factories.csv"
    rows = args.rows or round(args.locations * 2.5)
    world_rng = random.Random(f"{args.seed}:world")
    world = World(world_rng)
    # A copy: an upload set adds factories to world.factories.
    factories = list(world.build(args.locations, args.sister_rate, args.lookalike_rate))
    counts = disclosure_counts(len(factories), rows, min(20, args.companies),
                               random.Random(f"{args.seed}:counts"))
    assign_rng = random.Random(f"{args.seed}:assign")
    disclosers = assign_companies(counts, args.companies, assign_rng)
    noise_rng = random.Random(f"{args.seed}:noise")
    styles = [company_style(noise_rng) for _ in range(args.companies)]
    lists = {f"company-{c + 1:04d}": [] for c in range(args.companies)}
    names = list(lists)
    for factory, chosen in zip(factories, disclosers):
        for c in chosen:
            lists[names[c]].append((factory.true_id, render_row(factory, noise_rng, styles[c])))
    for rows_of in lists.values():
        assign_rng.shuffle(rows_of)
    truth = write_company_files(out, lists)
    write_truth(truth_path, truth)
    summary = {"rows": len(truth), "true_locations": len(factories),
               "companies": args.companies,
               "kinds": dict(sorted(Counter(f.kind for f in factories).items())),
               "dir": str(out), "truth": str(truth_path)}
    if args.upload_rows:
        summary["upload"] = generate_upload(args, world, factories, out)
    write_factories(factories_path, world.factories)
    sizes = sorted(len(v) for v in lists.values())
    (out / "README.txt").write_text(README.format(
        command="scripts/bench_locations.py " + " ".join(sys.argv[1:]),
        n_factories=len(factories),
        kinds=", ".join(f"{v} {k}" for k, v in summary["kinds"].items()),
        n_countries=len({f.country.code for f in factories}), n_rows=len(truth),
        n_companies=args.companies, min_rows=sizes[0], median_rows=sizes[len(sizes) // 2],
        max_rows=sizes[-1],
        disclosures=", ".join(f"{k}×{v}" for k, v in sorted(Counter(counts).items())),
        truth=truth_path, factories=factories_path), encoding="utf-8")
    print(json.dumps(summary))


def generate_upload(args, world, factories, out):
    """One more company's list: existing factories, disclosed anew, and new ones (the
    "5,000-row upload into the store" case); writes it beside the store's folder."""
    rng = random.Random(f"{args.seed}:upload")
    n_new = round(args.upload_rows * args.upload_new_share)
    n_old = args.upload_rows - n_new
    if n_old > len(factories):
        raise SystemExit("--upload-rows: more existing factories asked for than there are")
    new = world.build(len(factories) + n_new, args.sister_rate, args.lookalike_rate)
    chosen = rng.sample(factories, n_old) + new[len(factories):]
    style = company_style(rng)
    company = f"company-{args.companies + 1:04d}"
    rows = [(f.true_id, render_row(f, rng, style)) for f in chosen]
    rng.shuffle(rows)
    upload_dir = out.parent / "upload"
    truth = write_company_files(upload_dir, {company: rows})
    truth_path = out.parent / "upload-truth.csv"
    write_truth(truth_path, truth)
    return {"dir": str(upload_dir), "truth": str(truth_path), "rows": len(truth),
            "existing": n_old, "new": n_new}


# ---------------------------------------------------------------------------------------
# score
# ---------------------------------------------------------------------------------------

def read_labels(path, column):
    """{(company, row): label} from a CSV with the columns company, row and column."""
    with open(path, newline="", encoding="utf-8") as f:
        return {(d["company"], int(d["row"])): d[column] for d in csv.DictReader(f)}


def read_factories(path):
    """{true_id: (group_id, kind, related)} from factories.csv."""
    with open(path, newline="", encoding="utf-8") as f:
        return {d["true_id"]: (d["group_id"], d["kind"], d["related"])
                for d in csv.DictReader(f)}


def n_pairs(n):
    """Pairs among n rows."""
    return n * (n - 1) // 2


def pairwise_scores(truth, predicted, factories=None):
    """Pairwise precision and recall from the contingency table of predicted clusters
    against true locations: pairs of rows in one predicted cluster that share a true
    location, over all predicted pairs (precision) and over all true pairs (recall).
    Rows the prediction lacks count as singletons. With factories, the wrongly merged
    pairs are split into sister factories of one group, near-identical lookalikes and
    others."""
    extra = [k for k in predicted if k not in truth]
    if extra:
        raise SystemExit(f"{len(extra)} predicted rows are not in the truth, e.g. {extra[0]}")
    cells, pred_sizes, true_sizes = Counter(), Counter(), Counter()
    missing = 0
    for key, t in truth.items():
        p = predicted.get(key)
        if p is None:
            missing += 1
            p = ("missing",) + key
        cells[(p, t)] += 1
        pred_sizes[p] += 1
        true_sizes[t] += 1
    tp = sum(n_pairs(n) for n in cells.values())
    pred_pairs = sum(n_pairs(n) for n in pred_sizes.values())
    true_pairs = sum(n_pairs(n) for n in true_sizes.values())
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    result = {
        "rows": len(truth), "missing_rows": missing, "true_locations": len(true_sizes),
        "predicted_clusters": len(pred_sizes), "true_pairs": true_pairs,
        "predicted_pairs": pred_pairs, "correct_pairs": tp, "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }
    if factories is not None:
        result["false_merges"] = false_merge_kinds(cells, factories, pred_pairs - tp)
    return result


def false_merge_kinds(cells, factories, false_pairs):
    """Wrongly merged pairs by kind: same group (sisters), lookalike, other."""
    by_cluster = defaultdict(list)
    for (p, t), n in cells.items():
        by_cluster[p].append((t, n))
    sisters = lookalikes = 0
    for members in by_cluster.values():
        if len(members) < 2:
            continue
        groups = Counter()
        for t, n in members:
            groups[factories[t][0]] += n
        sisters += sum(n_pairs(g) for g in groups.values()) - sum(n_pairs(n) for _, n in members)
        counts = dict(members)
        for t, n in members:
            _, kind, related = factories[t]
            if kind == "lookalike" and related in counts:
                lookalikes += n * counts[related]
    return {"sister_pairs": sisters, "lookalike_pairs": lookalikes,
            "other_pairs": false_pairs - sisters - lookalikes}


def factories_beside(truth_path):
    """factories.csv next to a truth file, if the generator wrote one there."""
    path = Path(truth_path).parent / "factories.csv"
    return read_factories(path) if path.exists() else None


def score(args):
    """The score subcommand."""
    truth = {}
    for path in args.truth:
        truth.update(read_labels(path, "true_id"))
    predicted = read_labels(args.predicted, "location_id")
    if args.only_predicted:
        truth = {k: v for k, v in truth.items() if k in predicted}
    result = pairwise_scores(truth, predicted, factories_beside(args.truth[0]))
    text = json.dumps(result, indent=1)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    print(text)


# ---------------------------------------------------------------------------------------
# Reading uploads the way Open Supply Hub prepares them for dedupe
# ---------------------------------------------------------------------------------------

def osh_clean(text):
    """Open Supply Hub's clean() before matching: unidecode, drop - ' and , , turn
    newline / and : into spaces, squeeze spaces, strip quotes, lowercase; None if empty."""
    from unidecode import unidecode

    text = unidecode(text)
    text = text.replace("\n", " ").replace("-", "").replace("/", " ").replace("'", "")
    text = text.replace(",", "").replace(":", " ")
    text = re.sub(" +", " ", text).strip().strip('"').strip("'").lower().strip()
    return text or None


def _country_key(text):
    from unidecode import unidecode

    return re.sub(r"[^a-z]", "", unidecode(text).lower())


def country_code(text):
    """ISO alpha-2 for a country as written in a list (name, code or another name), as
    Open Supply Hub resolves countries before matching; unknown text passes cleaned."""
    if not hasattr(country_code, "table"):
        country_code.table = {_country_key(form): c.code for c in COUNTRIES
                              for form in (c.code, c.alpha3) + c.names}
    key = _country_key(text)
    return country_code.table.get(key, key)


def read_uploads(folder):
    """Every row of every company-*.csv in folder: {"company:row": record}, with the
    cleaned name, address and ISO country code, in file and row order."""
    records = {}
    for path in sorted(Path(folder).glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            for i, d in enumerate(csv.DictReader(f), start=1):
                records[f"{path.stem}:{i}"] = {
                    "name": osh_clean(d["name"]), "address": osh_clean(d["address"]),
                    "country": country_code(d["country"])}
    return records


def write_predictions(path, clusters):
    """company,row,location_id for clusters given as lists of "company:row" ids."""
    rows = []
    for n, members in enumerate(clusters, start=1):
        for record_id in members:
            company, row = record_id.rsplit(":", 1)
            rows.append((company, int(row), f"L{n:07d}"))
    rows.sort()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("company", "row", "location_id"))
        w.writerows(rows)


def clusters_to_labels(clusters):
    """{(company, row): cluster number} for in-process scoring."""
    labels = {}
    for n, members in enumerate(clusters):
        for record_id in members:
            company, row = record_id.rsplit(":", 1)
            labels[(company, int(row))] = n
    return labels


def peak_rss_mib():
    """Peak resident memory of this process and of its largest finished child, MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


# ---------------------------------------------------------------------------------------
# dedupe
# ---------------------------------------------------------------------------------------

def labelled_pairs(records, truth, factories, n_match, n_distinct, rng):
    """Training pairs drawn from the truth, as a person labelling pairs would give them:
    n_match pairs of rows of one location, and n_distinct pairs of different locations:
    a fifth sister factories of one group, a fifth near-identical lookalikes, the rest
    random rows of the same country."""
    true_of = {}
    by_true = defaultdict(list)
    by_country = defaultdict(list)
    for record_id, rec in records.items():
        company, row = record_id.rsplit(":", 1)
        true_of[record_id] = truth[(company, int(row))]
        by_true[true_of[record_id]].append(record_id)
        by_country[rec["country"]].append(record_id)
    seen = set()

    def add(out, a, b):
        key = (min(a, b), max(a, b))
        if a != b and key not in seen:
            seen.add(key)
            out.append((records[a], records[b]))

    match = []
    multi = [ids for ids in by_true.values() if len(ids) > 1]
    for _ in range(20 * n_match):
        if len(match) >= n_match:
            break
        add(match, *rng.sample(rng.choice(multi), 2))

    groups = defaultdict(list)
    for t in by_true:
        groups[factories[t][0]].append(t)
    sister_groups = [ts for ts in groups.values() if len(ts) > 1]
    lookalikes = [(t, factories[t][2]) for t in by_true
                  if factories[t][1] == "lookalike" and factories[t][2] in by_true]
    countries = [c for c, ids in by_country.items() if len(ids) > 1]
    distinct = []
    for _ in range(40 * n_distinct):
        if len(distinct) >= n_distinct:
            break
        if len(distinct) < n_distinct // 5 and sister_groups:
            t1, t2 = rng.sample(rng.choice(sister_groups), 2)
            a, b = rng.choice(by_true[t1]), rng.choice(by_true[t2])
        elif len(distinct) < 2 * n_distinct // 5 and lookalikes:
            t1, t2 = rng.choice(lookalikes)
            a, b = rng.choice(by_true[t1]), rng.choice(by_true[t2])
        else:
            a, b = rng.sample(by_country[rng.choice(countries)], 2)
        if true_of[a] != true_of[b]:
            add(distinct, a, b)
    return {"match": match, "distinct": distinct}


def remove_scores_file(scores):
    """dedupe keeps pair scores in a memory-mapped temporary file: close and delete it."""
    path = getattr(scores, "filename", None)
    if path:
        scores._mmap.close()
        Path(path).unlink(missing_ok=True)


def run_dedupe(args):
    """The dedupe subcommand: Open Supply Hub's fields (country exact, name and address
    strings) on cleaned rows, trained on labelled pairs from the truth, partitioned at a
    threshold; writes the clustering and a JSON of timings, memory and any sweep."""
    import dedupe
    import numpy

    rng = random.Random(f"{args.seed}:dedupe")
    random.seed(f"{args.seed}:dedupe-internal")  # dedupe samples with the global generators
    numpy.random.seed(args.seed)
    truth = read_labels(args.truth, "true_id")
    factories = factories_beside(args.truth)
    if factories is None:
        raise SystemExit("dedupe needs factories.csv beside the truth for its training pairs")
    records = read_uploads(args.dir)
    pairs = labelled_pairs(records, truth, factories, args.matches, args.distincts, rng)
    variables = [dedupe.variables.Exact("country"), dedupe.variables.String("name"),
                 dedupe.variables.String("address")]

    t0 = time.perf_counter()
    deduper = dedupe.Dedupe(variables, num_cores=args.cores)
    # Marked before prepare_training, so that the learner indexes the labelled records.
    deduper.mark_pairs(pairs)
    deduper.prepare_training(records)
    t1 = time.perf_counter()
    deduper.train(recall=args.recall)
    t2 = time.perf_counter()
    scores = deduper.score(deduper.pairs(records))
    clustered = [list(ids) for ids, _ in deduper.cluster(scores, args.threshold)]
    in_clusters = {i for ids in clustered for i in ids}
    clustered += [[i] for i in records if i not in in_clusters]
    t3 = time.perf_counter()
    own, children = peak_rss_mib()
    write_predictions(args.out, clustered)

    sweep = []
    for threshold in args.sweep:
        found = [list(ids) for ids, _ in deduper.cluster(scores, threshold)]
        result = pairwise_scores(truth, clusters_to_labels(found))
        sweep.append({"threshold": threshold, "precision": result["precision"],
                      "recall": result["recall"], "f1": result["f1"]})
    compared = len(scores)
    remove_scores_file(scores)
    stats = {
        "dedupe_version": importlib.metadata.version("dedupe"),
        "rows": len(records), "labelled_matches": len(pairs["match"]),
        "labelled_distincts": len(pairs["distinct"]), "threshold": args.threshold,
        "recall_target_of_blocking": args.recall, "cores": args.cores,
        "prepare_training_s": t1 - t0, "train_s": t2 - t1, "training_s": t2 - t0,
        "clustering_s": t3 - t2, "total_s": t3 - t0, "compared_pairs": compared,
        "predicates": [str(p) for p in deduper.predicates],
        "peak_rss_mib": own, "peak_rss_children_mib": children, "sweep": sweep,
    }
    Path(args.stats).write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in stats.items() if k != "predicates"}, indent=1))


# ---------------------------------------------------------------------------------------
# baseline
# ---------------------------------------------------------------------------------------

def baseline(args):
    """The baseline subcommand: rows with equal cleaned fields are one location. key
    "exact" compares country, name and address; "name" only country and name."""
    t0 = time.perf_counter()
    records = read_uploads(args.dir)
    fields = ("country", "name", "address") if args.key == "exact" else ("country", "name")
    clusters = defaultdict(list)
    for record_id, rec in records.items():
        clusters[tuple(rec[f] or "" for f in fields)].append(record_id)
    write_predictions(args.out, list(clusters.values()))
    own, _ = peak_rss_mib()
    print(json.dumps({"rows": len(records), "clusters": len(clusters),
                      "total_s": time.perf_counter() - t0, "peak_rss_mib": own}))


# ---------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------

GOAL_PRECISION = 0.995
GOAL_RECALL = 0.95
GOAL_SPEEDUP = 100
GOAL_UPLOAD_S = 5.0
TOOLS = ("dedupe", "imvo", "baseline-exact", "baseline-name")


def read_time_v(path):
    """Wall seconds and peak RSS (MiB) from a /usr/bin/time -v report."""
    text = Path(path).read_text(encoding="utf-8")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in elapsed.split(":"):
        seconds = seconds * 60 + float(part)
    status = re.search(r"Exit status: (\d+)", text)
    return seconds, rss / 1024, int(status.group(1)) if status else 0


def read_run(folder, tool):
    """What one tool did on one set: figures, or why it was not measured."""
    skip = folder / f"{tool}.skip"
    if skip.exists():
        return {"skip": skip.read_text(encoding="utf-8").strip()}
    timing = folder / f"{tool}.time"
    if not timing.exists():
        return None
    seconds, mib, status = read_time_v(timing)
    if status != 0:
        return {"skip": f"failed (exit status {status}, see {timing})"}
    run = {"seconds": seconds, "mib": mib}
    scored = folder / f"{tool}.score.json"
    if scored.exists():
        run.update(json.loads(scored.read_text(encoding="utf-8")))
    stats = folder / f"{tool}.stats.json"
    if stats.exists():
        # dedupe: training and clustering as timed inside the process, without reading
        # the files and without the threshold sweep that follows.
        s = json.loads(stats.read_text(encoding="utf-8"))
        run.update(stats=s, process_seconds=seconds, seconds=s["total_s"],
                   mib=max(s["peak_rss_mib"], s["peak_rss_children_mib"]))
    return run


def fmt(x, digits=4):
    """A figure for the table, or a dash."""
    return "–" if x is None else f"{x:.{digits}f}"


def run_note(run):
    """The note column: dedupe's split of time and its training, wrong merges by kind."""
    notes = []
    if "stats" in run:
        s = run["stats"]
        notes.append(
            f"training {s['training_s']:.1f} s + clustering {s['clustering_s']:.1f} s "
            f"(process {run['process_seconds']:.0f} s with reading and the sweep); "
            f"{s['labelled_matches']}+{s['labelled_distincts']} labelled pairs; threshold "
            f"{s['threshold']}; {s['compared_pairs']:,} pairs compared")
    if "false_merges" in run:
        fm = run["false_merges"]
        notes.append(f"wrong pairs: {fm['sister_pairs']:,} sister, {fm['lookalike_pairs']:,} "
                     f"lookalike, {fm['other_pairs']:,} other")
    return "; ".join(notes)


def best_sweep_point(run):
    """dedupe's threshold with the best F1 in its sweep, if it made one."""
    sweep = run.get("stats", {}).get("sweep") or []
    return max(sweep, key=lambda s: s["f1"]) if sweep else None


def report(args):
    """The report subcommand: the markdown table and the goals of one run."""
    work = Path(args.work)
    load = [(work / f"load_{t}.txt").read_text(encoding="utf-8").strip()
            if (work / f"load_{t}.txt").exists() else "?" for t in ("before", "after")]
    print(f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
          f"scripts/bench-locations.sh on {args.machine}; load average (1, 5, 15 min) "
          f"before {load[0]}, after {load[1]}. Seconds and peak MiB from /usr/bin/time -v "
          "(dedupe: training and clustering timed in its process). SYNTHETIC data "
          "(scripts/bench_locations.py generate).\n")
    lines = ["| set | tool | rows | true locations | precision | recall | seconds | "
             "peak MiB | dedupe/imvo time | note |", "|---|---|---|---|---|---|---|---|---|---|"]
    runs = {}
    for name in args.sets:
        folder = work / name
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        head = f"| {name} | {{}} | {summary['rows']:,} | {summary['true_locations']:,} |"
        for tool in TOOLS:
            run = read_run(folder, tool)
            if run is None:
                continue
            runs[(name, tool)] = run
            if "skip" in run:
                lines.append(head.format(tool) + f" | | | | | not measured: {run['skip']} |")
                continue
            ratio = ""
            dedupe = runs.get((name, "dedupe"))
            if tool == "imvo" and dedupe and "seconds" in dedupe:
                ratio = f"{dedupe['seconds'] / run['seconds']:.0f}×"
            lines.append(head.format(tool) + f" {fmt(run.get('precision'))} | "
                         f"{fmt(run.get('recall'))} | {run['seconds']:.2f} | {run['mib']:.0f} | "
                         f"{ratio} | {run_note(run)} |")
        upload = read_run(folder, "upload")
        if upload is not None:
            runs[(name, "upload")] = upload
            label = (f"| {name} + upload | imvo upload | "
                     f"{summary['upload']['rows']:,} into the store | ")
            if "skip" in upload:
                lines.append(label + f"| | | | | | not measured: {upload['skip']} |")
            else:
                lines.append(label + f"| {fmt(upload.get('precision'))} | "
                             f"{fmt(upload.get('recall'))} | {upload['seconds']:.2f} | "
                             f"{upload['mib']:.0f} | | {run_note(upload)} |")
    print("\n".join(lines))
    for (name, tool), run in runs.items():
        sweep = run.get("stats", {}).get("sweep")
        if sweep:
            print(f"\n{tool} on {name} at other thresholds (same model and pair scores):\n")
            print("| threshold | precision | recall | F1 |\n|---|---|---|---|")
            for s in sweep:
                print(f"| {s['threshold']} | {fmt(s['precision'])} | {fmt(s['recall'])} | "
                      f"{fmt(s['f1'])} |")
    print("\n" + "\n".join(goal_lines(runs, args.sets)))


def goal_lines(runs, sets):
    """The goal's conditions, each met, not met or not measured."""
    def verdict(ok):
        return "met" if ok else "not met"

    out = ["| goal | result |", "|---|---|"]
    for name in sets:
        imvo = runs.get((name, "imvo"))
        if not imvo or "precision" not in imvo:
            out.append(f"| {name}: precision ≥ {GOAL_PRECISION}, recall ≥ {GOAL_RECALL} | "
                       "not measured |")
            continue
        out.append(f"| {name}: precision ≥ {GOAL_PRECISION} | "
                   f"{verdict(imvo['precision'] >= GOAL_PRECISION)} ({imvo['precision']:.4f}) |")
        out.append(f"| {name}: recall ≥ {GOAL_RECALL} | "
                   f"{verdict(imvo['recall'] >= GOAL_RECALL)} ({imvo['recall']:.4f}) |")
        dedupe = runs.get((name, "dedupe"))
        if not dedupe or "precision" not in dedupe:
            continue
        points = [(f"threshold {dedupe['stats']['threshold']}", dedupe)]
        best = best_sweep_point(dedupe)
        if best:
            points.append((f"its best-F1 threshold {best['threshold']}", best))
        for label, point in points:
            ok = imvo["precision"] >= point["precision"] and imvo["recall"] >= point["recall"]
            out.append(f"| {name}: precision and recall ≥ dedupe's ({label}: "
                       f"{point['precision']:.4f}, {point['recall']:.4f}) | {verdict(ok)} |")
        ratio = dedupe["seconds"] / imvo["seconds"]
        out.append(f"| {name}: ≥ {GOAL_SPEEDUP}× faster than dedupe | "
                   f"{verdict(ratio >= GOAL_SPEEDUP)} ({ratio:.0f}×) |")
    uploads = [r for (name, tool), r in runs.items() if tool == "upload" and "seconds" in r]
    goal = f"| 5,000-row upload into the 100,000-location store < {GOAL_UPLOAD_S:.0f} s |"
    out.append(goal + (f" {verdict(uploads[0]['seconds'] < GOAL_UPLOAD_S)} "
                       f"({uploads[0]['seconds']:.2f} s) |" if uploads else " not measured |"))
    return out


# ---------------------------------------------------------------------------------------

def main():
    """Parse the command line and run a subcommand."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="make a synthetic ground truth")
    g.add_argument("--locations", type=int, required=True, help="true factories")
    g.add_argument("--rows", type=int, help="uploaded rows in all (default 2.5 per factory)")
    g.add_argument("--companies", type=int, required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--out", required=True, help="folder for the company CSVs")
    g.add_argument("--truth", help="truth CSV (default OUT/../truth.csv)")
    g.add_argument("--sister-rate", type=float, default=0.12,
                   help="share of groups with several factories")
    g.add_argument("--lookalike-rate", type=float, default=0.06,
                   help="share of groups followed by a near-identical other firm")
    g.add_argument("--upload-rows", type=int, default=0,
                   help="also write OUT/../upload/: one more company's list")
    g.add_argument("--upload-new-share", type=float, default=0.3,
                   help="share of the upload's rows that are factories not yet in OUT")
    g.set_defaults(func=generate)

    s = sub.add_parser("score", help="pairwise precision and recall")
    s.add_argument("--truth", action="append", required=True, help="may repeat")
    s.add_argument("--predicted", required=True, help="company,row,location_id")
    s.add_argument("--only-predicted", action="store_true",
                   help="score only the rows the prediction has")
    s.add_argument("--json", help="also write the result here")
    s.set_defaults(func=score)

    d = sub.add_parser("dedupe", help="run Python dedupe as Open Supply Hub configures it")
    d.add_argument("--dir", required=True)
    d.add_argument("--truth", required=True)
    d.add_argument("--out", required=True)
    d.add_argument("--stats", required=True, help="JSON of timings, memory and sweep")
    d.add_argument("--matches", type=int, default=400, help="labelled matching pairs")
    d.add_argument("--distincts", type=int, default=400, help="labelled distinct pairs")
    d.add_argument("--threshold", type=float, default=0.5)
    d.add_argument("--sweep", type=lambda t: [float(x) for x in t.split(",") if x],
                   default=[], help="more thresholds to score, e.g. 0.3,0.7,0.9")
    d.add_argument("--recall", type=float, default=1.0,
                   help="share of labelled matches the learned blocking must cover")
    d.add_argument("--cores", type=int, default=2)
    d.add_argument("--seed", type=int, default=1)
    d.set_defaults(func=run_dedupe)

    b = sub.add_parser("baseline", help="exact match on cleaned fields")
    b.add_argument("--dir", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--key", choices=("exact", "name"), default="exact")
    b.set_defaults(func=baseline)

    r = sub.add_parser("report", help="markdown table of a bench-locations.sh run")
    r.add_argument("--work", required=True)
    r.add_argument("--sets", nargs="+", required=True)
    r.add_argument("--machine", default="this machine", help="for the header line")
    r.set_defaults(func=report)

    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
