"""Generate ordinary_names.csv: 10,000 ordinary (not listed) person names, many countries and scripts.

Deterministic (random.Random(2026)), standard library only. The name lists below were written by
hand for ClearPost from general knowledge of frequent given and family names in each country (the
kind published in national statistics "most common names" tables); no list was copied. Names are
combined at random, so a row is a plausible person, not a real or famous one on purpose.

Every generated person has a native-script form and a Latin form (the same for Latin-script
countries). A person is dropped, and another drawn, when either form equals a name or alias in the
UN consolidated list, the OFAC SDN list (sdn.csv + alt.csv), the OFAC non-SDN list or the BIS
Denied Persons List, case-, accent- and punctuation-insensitively and in any order of its parts
(see _lists.keys).

    .venv/bin/python eval/screening/make_ordinary_names.py   # rewrites ordinary_names.csv
"""

from __future__ import annotations

import csv
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _lists  # noqa: E402

TOTAL = 10_000
SEED = 2026


def w(text: str) -> list[str]:
    """Whitespace/comma separated list; '_' stands for a space inside one name ('De_Luca')."""
    return [t.replace("_", " ") for t in text.replace(",", " ").split()]


def pairs(text: str) -> list[tuple[str, str]]:
    """'native=Latin1/Latin2 ...' -> [(native, 'Latin1/Latin2')]."""
    out = []
    for item in text.split():
        native, latin = item.split("=")
        out.append((native.replace("_", " "), latin.replace("_", " ")))
    return out


# --------------------------------------------------------------------------- Latin-script countries
# Lists are roughly in order of frequency; draws favour the front (Zipf-like weights).
LATIN = {
    "IN": {
        "m": w(
            "Rahul Amit Rajesh Suresh Ramesh Vijay Anil Sunil Sanjay Deepak Arjun Rohit Vikram Manoj Pradeep Ravi "
            "Karthik Venkatesh Srinivas Arun Prakash Ashok Nikhil Aditya Harish Mahesh Ganesh Rakesh Naveen Sachin"
        ),
        "f": w(
            "Priya Pooja Anjali Neha Sunita Kavita Lakshmi Divya Sneha Meena Anita Rekha Deepika Shreya Aishwarya "
            "Geeta Radha Swati Nisha Kavya Asha Usha Shalini Ritu Pallavi"
        ),
        "fam": w(
            "Kumar Sharma Singh Patel Gupta Verma Reddy Rao Nair Iyer Joshi Mehta Shah Mishra Yadav Das Chatterjee "
            "Banerjee Mukherjee Pillai Menon Desai Kulkarni Agarwal Jain Pandey Tiwari Chauhan Naidu Bhat Saxena "
            "Srivastava Thakur Dubey Ghosh"
        ),
        "middle_m": w("Kumar Prasad Lal Chandra Nath"),
        "middle_f": w("Devi Rani Kumari Bai"),
    },
    "PK": {
        "m": w(
            "Muhammad Ali Ahmed Usman Bilal Imran Asif Kashif Faisal Hamza Zain Umar Hassan Tariq Shahid Waqas "
            "Adnan Naveed Saad Arslan Fahad Junaid Shoaib Irfan Zeeshan"
        ),
        "f": w(
            "Ayesha Fatima Sana Hira Mehwish Saima Nadia Rabia Amna Zainab Iqra Maryam Sadia Bushra Asma Sidra "
            "Uzma Farah Nimra Kiran"
        ),
        "fam": w(
            "Khan Ahmed Ali Malik Hussain Butt Chaudhry Qureshi Sheikh Raza Iqbal Akhtar Aslam Shah Mirza Abbasi "
            "Siddiqui Javed Rana Bhatti Awan Baig Anwar Hashmi Gill Cheema Rehman Nawaz"
        ),
    },
    "BD": {
        "m": w(
            "Rafiqul Aminul Saiful Shahidul Mahbubul Nazrul Moinul Anisur Mizanur Habibur Lutfur Mostafizur Abdul "
            "Rahim Karim Rafiq Shafiq Jamal Kamal Habib Sohel Rubel Shakil Tanvir Arif Mamun Masud Rashed Sumon Jahid"
        ),
        "f": w(
            "Fatema Nasrin Shirin Taslima Rehana Sharmin Farzana Sultana Nusrat Ruma Shapla Jesmin Mousumi Rina "
            "Shathi Rokeya Salma Nazma Hasina Parvin"
        ),
        "fam": w(
            "Hossain Rahman Islam Ahmed Uddin Alam Akter Khatun Begum Miah Chowdhury Sarker Das Roy Haque Karim "
            "Mollah Sheikh Talukder Biswas Bhuiyan Mondal Sikder Hasan Ali"
        ),
    },
    "NG": {
        "m": w(
            "Chinedu Emeka Oluwaseun Tunde Babatunde Ibrahim Musa Abubakar Chukwuemeka Obinna Ifeanyi Segun Yusuf "
            "Sani Aliyu Uche Femi Kehinde Taiwo Olumide Godwin Samuel Emmanuel Daniel Kelechi"
        ),
        "f": w(
            "Ngozi Chioma Adaeze Funmilayo Aisha Fatima Blessing Folake Amaka Nneka Yetunde Bukola Zainab Hauwa "
            "Ifeoma Chiamaka Temitope Precious Esther Grace"
        ),
        "fam": w(
            "Okafor Okonkwo Adeyemi Ogunleye Balogun Bello Abubakar Ibrahim Musa Eze Nwosu Obi Adebayo Olawale "
            "Chukwu Okoro Akinola Usman Danjuma Nnamdi Oyelaran Adewale Nwachukwu Lawal Suleiman Afolabi Okeke "
            "Ogbonna Adeleke Onyekachi"
        ),
    },
    "KE": {
        "m": w(
            "John Peter Joseph James David Daniel Samuel Brian Kevin Dennis Collins Stephen Paul Michael Francis "
            "Kiprotich Kipchumba Ouma Mwangi Kamau"
        ),
        "f": w(
            "Mary Grace Faith Mercy Jane Esther Ann Caroline Purity Wanjiru Akinyi Achieng Chebet Njeri Wambui "
            "Nafula Cynthia Sharon Lucy Winnie"
        ),
        "fam": w(
            "Otieno Odhiambo Ochieng Kamau Mwangi Njoroge Kariuki Wanjiku Kiprono Kipkemboi Chebet Mutua Musyoka "
            "Kiptoo Onyango Omondi Wafula Barasa Maina Gitau Kimani Mutai Rotich Korir Wekesa Nyambura Owino"
        ),
        "middle_m": w("Kiprop Otieno Kamau Mwangi"),
        "middle_f": w("Wanjiru Atieno Njeri Mutheu Chebet"),
    },
    "ET": {
        "m": w(
            "Abebe Tesfaye Getachew Mulugeta Dawit Solomon Yohannes Alemayehu Bekele Girma Haile Tadesse Kebede "
            "Fikru Mesfin Tekle Berhanu Asfaw Daniel Henok Biniam Yonas Eyob Tewodros Samuel"
        ),
        "f": w(
            "Almaz Tigist Meseret Hiwot Selam Bethlehem Aster Mulu Genet Tsion Hana Rahel Mekdes Saba Eden "
            "Yeshi Birtukan Marta Frehiwot Liya"
        ),
        "fam": w(
            "Abebe Tesfaye Getachew Mulugeta Dawit Solomon Yohannes Alemayehu Bekele Girma Haile Tadesse Kebede "
            "Mekonnen Wolde Gebre Tekle Berhanu Asfaw Desta Ayele Negash Worku Demissie Lemma Tefera Assefa"
        ),
    },
    "TR": {
        "m": w(
            "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Ömer Emre Burak Yusuf Fatih Can Serkan Kemal "
            "Osman Halil Cem Oğuz Erkan Volkan Süleyman Ramazan Uğur"
        ),
        "f": w(
            "Ayşe Fatma Emine Hatice Zeynep Elif Merve Özlem Esra Büşra Sevgi Gül Derya Ebru Hülya Sibel Tuğba "
            "Gamze Selin Melek"
        ),
        "fam": w(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin "
            "Kara Koç Kurt Özkan Şimşek Polat Korkmaz Erdem Aksoy Güneş Avcı Tekin Ünal Karaca Bulut"
        ),
    },
    "DE": {
        "m": w(
            "Thomas Michael Andreas Stefan Christian Markus Frank Jürgen Klaus Peter Wolfgang Uwe Lukas Jonas "
            "Felix Tobias Sebastian Matthias Jan Florian Dieter Holger Maximilian Leon Paul"
        ),
        "f": w(
            "Sabine Petra Claudia Andrea Susanne Monika Birgit Anja Katrin Julia Lena Laura Anna Sarah Lea Hannah "
            "Ursula Karin Heike Nicole Gabriele Sandra Stefanie Mia Johanna"
        ),
        "fam": w(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
            "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt "
            "Werner Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann"
        ),
        "middle_m": w("Peter Johannes Christian Alexander"),
        "middle_f": w("Maria Marie Sophie Christine"),
    },
    "FR": {
        "m": w(
            "Jean Pierre Michel Philippe Nicolas Julien Thomas Alexandre Laurent François Antoine Sébastien "
            "Mathieu Christophe Olivier Lucas Hugo Louis Gabriel Arthur Jean-Pierre Jean-Luc Jean-Marc Patrick Éric"
        ),
        "f": w(
            "Marie Nathalie Isabelle Sylvie Catherine Sophie Camille Julie Céline Aurélie Emma Léa Chloé Manon "
            "Inès Sandrine Valérie Christine Élodie Claire Marie-Claire Anne-Sophie Martine Françoise Brigitte"
        ),
        "fam": w(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel "
            "Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert "
            "Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guerin Muller Henry Roussel Nicolas"
        ),
    },
    "ES": {
        "m": w(
            "Antonio José Manuel Francisco David Juan Javier Daniel Carlos Jesús Alejandro Miguel Rafael Pablo "
            "Sergio Fernando Jorge Luis Alberto Álvaro José_Luis Juan_Carlos José_Antonio Francisco_Javier Ángel"
        ),
        "f": w(
            "María Carmen Ana Isabel Laura Lucía Cristina Marta Elena Pilar Dolores Paula Raquel Sara Rosa "
            "Mercedes Teresa Sofía Beatriz Nuria María_Carmen María_José Ana_María Montserrat Rocío"
        ),
        "fam": w(
            "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández "
            "Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil "
            "Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro"
        ),
    },
    "MX": {
        "m": w(
            "José Juan Luis Miguel Jesús Francisco Alejandro Jorge Carlos Roberto Eduardo Fernando Ricardo Arturo "
            "Héctor Sergio Raúl Óscar Alberto Javier José_Luis Juan_Manuel Miguel_Ángel Jesús_Alberto Luis_Fernando"
        ),
        "f": w(
            "María Guadalupe Juana Verónica Leticia Rosa Patricia Alejandra Gabriela Adriana Claudia Sandra Martha "
            "Fernanda Daniela Ximena Mariana Yolanda Silvia Araceli María_Guadalupe Ana_Laura María_Fernanda "
            "Rosa_María Brenda"
        ),
        "fam": w(
            "Hernández García Martínez López González Pérez Rodríguez Sánchez Ramírez Cruz Flores Gómez Morales "
            "Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz Mendoza Aguilar Ortiz Moreno Castillo Romero "
            "Álvarez Chávez Rivera Juárez Domínguez Ramos Herrera Medina Castro"
        ),
    },
    "IT": {
        "m": w(
            "Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Marco Andrea "
            "Alessandro Luca Matteo Lorenzo Stefano Paolo Roberto Davide Gianluca Massimo Fabio Simone Riccardo"
        ),
        "f": w(
            "Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Francesca Giulia Chiara Sara Martina "
            "Valentina Elena Federica Silvia Alessia Laura Paola Roberta Elisa Sofia Giorgia"
        ),
        "fam": w(
            "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De_Luca "
            "Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso "
            "Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo"
        ),
    },
    "BR": {
        "m": w(
            "João José Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Gabriel Rafael Daniel Marcelo Bruno "
            "Eduardo Felipe Rodrigo Matheus Gustavo João_Pedro Luiz_Carlos José_Carlos Carlos_Eduardo Thiago"
        ),
        "f": w(
            "Maria Ana Francisca Antônia Adriana Juliana Márcia Fernanda Patrícia Aline Beatriz Camila Larissa "
            "Letícia Mariana Amanda Bruna Jéssica Vanessa Gabriela Maria_Eduarda Ana_Paula Maria_José Ana_Clara "
            "Luciana"
        ),
        "fam": w(
            "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins "
            "Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Moreira Araújo Cardoso "
            "Teixeira Cavalcanti Mendes Monteiro"
        ),
        "particle": w("da de dos"),
    },
    "PT": {
        "m": w(
            "João José António Francisco Manuel Rui Pedro Tiago Miguel Nuno Luís Paulo Ricardo Bruno Duarte "
            "Gonçalo Diogo Afonso Rodrigo Martim"
        ),
        "f": w(
            "Maria Ana Joana Inês Rita Sofia Leonor Beatriz Catarina Mariana Margarida Teresa Carla Sandra Helena "
            "Filipa Marta Sara Patrícia Cláudia"
        ),
        "fam": w(
            "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves Gomes "
            "Lopes Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira Correia Mendes Nunes Soares "
            "Vieira Monteiro Cardoso Rocha"
        ),
        "particle": w("da de dos"),
    },
    "PL": {
        "m": w(
            "Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Jakub Adam Łukasz Marek Grzegorz Jan Kamil "
            "Mateusz Wojciech Stanisław Zbigniew Józef Rafał"
        ),
        "f": w(
            "Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Magdalena Joanna Aleksandra Monika "
            "Zofia Natalia Karolina Elżbieta Dorota Beata Justyna Marta"
        ),
        "fam": w(
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak "
            "Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawłowski "
            "Michalski Nowicki Adamczyk Dudek Zając Wieczorek Jabłoński Król Majewski Olszewski"
        ),
    },
    "NL": {
        "m": w(
            "Jan Johannes Pieter Cornelis Hendrik Willem Daan Sem Lucas Bram Thijs Ruben Jeroen Bas Maarten "
            "Gerrit Dirk Kees Joost Sander"
        ),
        "f": w(
            "Maria Anna Johanna Emma Sophie Julia Sanne Lotte Anouk Eva Fleur Iris Femke Marieke Lisa Ingrid "
            "Wilhelmina Esther Linda Manon"
        ),
        "fam": w(
            "de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit Meijer de_Boer Mulder "
            "de_Groot Bos Vos Peters Hendriks van_Leeuwen Dekker Brouwer de_Wit Dijkstra Smits de_Graaf "
            "van_der_Meer van_der_Linden Kok Jacobs de_Haan Vermeulen"
        ),
    },
    "GB": {
        "m": w(
            "Oliver George Harry Jack James William David John Paul Mark Andrew Richard Daniel Thomas Christopher "
            "Matthew Stephen Simon Gareth Callum Ian Gary Lee Craig Liam"
        ),
        "f": w(
            "Olivia Amelia Emily Sarah Emma Charlotte Sophie Jessica Hannah Lucy Rebecca Claire Helen Susan "
            "Margaret Elizabeth Katie Chloe Megan Rachel Joanne Nicola Gemma Kirsty Siobhan"
        ),
        "fam": w(
            "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson "
            "Wright Walker White Edwards Hughes Green Hall Wood Harris Lewis Martin Jackson Clarke Patel Khan "
            "Murphy O'Brien Campbell Stewart MacDonald Scott Morgan Cooper"
        ),
        "middle_m": w("James John David Michael"),
        "middle_f": w("Louise Marie Elizabeth Anne"),
    },
    "US": {
        "m": w(
            "James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew "
            "Anthony Mark Joshua Andrew Kevin Brian Tyler Jose Carlos Luis Jamal DeShawn Steven Jason Ryan Eric "
            "Brandon"
        ),
        "f": w(
            "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Ashley Emily "
            "Michelle Amanda Stephanie Melissa Maria Latoya Kimberly Donna Heather Megan Brittany"
        ),
        "fam": w(
            "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
            "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
            "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Nguyen Kim Patel Washington"
        ),
        "middle_m": w("A. B. C. D. E. J. L. M. R. S. T. W. Lee James Michael Allen Ray"),
        "middle_f": w("A. B. C. D. E. J. L. M. R. S. T. W. Ann Lee Marie Lynn"),
    },
    "VN": {
        "m": w(
            "Anh Hùng Dũng Tuấn Minh Long Nam Hải Sơn Thắng Phong Quân Trung Hiếu Khoa Huy Bảo Đạt Tài Vinh"
        ),
        "f": w(
            "Lan Hương Linh Trang Hà Mai Thảo Ngọc Hằng Phương Hoa Nhung Thủy Yến Vy Anh Nga Hạnh Thu Oanh"
        ),
        "fam": w(
            "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương Mai Cao"
        ),
        "mid_m": w("Văn Đức Minh Quang Hữu Thanh Xuân Hoàng Công Quốc"),
        "mid_f": w("Thị Ngọc Thanh Thu Kim Mỹ Bích Thùy Hồng Phương"),
    },
    "ID": {
        "m": w(
            "Budi Agus Bambang Joko Slamet Hendra Dedi Rudi Andi Eko Wahyu Rizky Fajar Dimas Arif Yusuf Ahmad "
            "Muhammad Irfan Teguh Hadi Bayu Adi Rahmat Gilang"
        ),
        "f": w(
            "Siti Sri Dewi Ratna Indah Rina Putri Ayu Wulan Fitri Nur Lestari Yuliani Kartika Maya Nurul Dian "
            "Novi Rini Anisa"
        ),
        "fam": w(
            "Santoso Wijaya Saputra Hidayat Kurniawan Setiawan Susanto Pratama Nugroho Gunawan Wibowo Lestari "
            "Rahmawati Sari Handayani Purnomo Siregar Nasution Hutapea Simanjuntak Permana Firmansyah Hakim "
            "Halim Utomo Sitompul Harahap Rahayu Kusuma Ramadhan"
        ),
    },
    "PH": {
        "m": w(
            "Jose Juan Mark John_Paul Jerome Christian Rodel Reynaldo Romeo Eduardo Ramon Rogelio Ariel Jayson "
            "Michael Jomar Arnel Ronaldo Noel Rommel"
        ),
        "f": w(
            "Maria Mary_Grace Kristine Jennifer Rowena Marites Jocelyn Maricel Analyn Lorna Rosalie Cristina "
            "Angelica Joy Princess Mary_Ann Liza Rhea Jonalyn Lovely"
        ),
        "fam": w(
            "Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Torres Tomas Andres Castillo Flores Villanueva "
            "Ramos Dela_Cruz De_Leon Aquino Navarro Salazar Mercado Dizon Manalo Pascual Soriano Gonzales "
            "Fernandez Lopez Del_Rosario Aguilar Domingo"
        ),
        "middle_m": w("Santos Reyes Cruz Bautista Garcia Mendoza Dela_Cruz Ramos"),
        "middle_f": w("Santos Reyes Cruz Bautista Garcia Mendoza Dela_Cruz Ramos"),
    },
}

# --------------------------------------------------------------------------- paired (native = Latin)
CN_FAMILY = pairs(
    "王=Wang 李=Li 张=Zhang 刘=Liu 陈=Chen 杨=Yang 黄=Huang 赵=Zhao 吴=Wu 周=Zhou 徐=Xu 孙=Sun 马=Ma 朱=Zhu "
    "胡=Hu 郭=Guo 何=He 林=Lin 高=Gao 罗=Luo 郑=Zheng 梁=Liang 谢=Xie 宋=Song 唐=Tang 许=Xu 韩=Han 冯=Feng "
    "邓=Deng 曹=Cao 彭=Peng 曾=Zeng 肖=Xiao 田=Tian 董=Dong 潘=Pan 袁=Yuan 蔡=Cai 蒋=Jiang 余=Yu 于=Yu 杜=Du "
    "叶=Ye 程=Cheng 魏=Wei 苏=Su 吕=Lü 丁=Ding 任=Ren 卢=Lu 姚=Yao 沈=Shen 钟=Zhong 姜=Jiang 崔=Cui 谭=Tan "
    "陆=Lu 范=Fan 汪=Wang 廖=Liao"
)
CN_GIVEN_M = pairs(
    "伟=Wei 强=Qiang 磊=Lei 军=Jun 洋=Yang 勇=Yong 杰=Jie 涛=Tao 明=Ming 超=Chao 平=Ping 刚=Gang 建华=Jianhua "
    "建国=Jianguo 志强=Zhiqiang 晓明=Xiaoming 鑫=Xin 宇=Yu 浩然=Haoran 子轩=Zixuan 俊杰=Junjie 文博=Wenbo "
    "思远=Siyuan 斌=Bin 辉=Hui 鹏=Peng 飞=Fei 海=Hai 波=Bo 峰=Feng 亮=Liang 龙=Long 国强=Guoqiang 建军=Jianjun "
    "永刚=Yonggang 志明=Zhiming 宇轩=Yuxuan 浩宇=Haoyu 家豪=Jiahao 博文=Bowen"
)
CN_GIVEN_F = pairs(
    "芳=Fang 娜=Na 敏=Min 静=Jing 丽=Li 艳=Yan 娟=Juan 秀英=Xiuying 秀兰=Xiulan 霞=Xia 桂英=Guiying 海燕=Haiyan "
    "丹=Dan 欣怡=Xinyi 梓涵=Zihan 雨桐=Yutong 佳怡=Jiayi 婷=Ting 玲=Ling 慧=Hui 颖=Ying 雪=Xue 琳=Lin 倩=Qian "
    "红=Hong 燕=Yan 晓燕=Xiaoyan 丽娟=Lijuan 美玲=Meiling 淑华=Shuhua 玉兰=Yulan 春梅=Chunmei 雨欣=Yuxin "
    "诗涵=Shihan 子涵=Zihan 思琪=Siqi 晶=Jing 萍=Ping 莉=Li 洁=Jie"
)

JP_FAMILY = pairs(
    "佐藤=Sato/Satō/Satoh 鈴木=Suzuki 高橋=Takahashi 田中=Tanaka 伊藤=Ito/Itō/Itoh 渡辺=Watanabe 山本=Yamamoto "
    "中村=Nakamura 小林=Kobayashi 加藤=Kato/Katō/Katoh 吉田=Yoshida 山田=Yamada 佐々木=Sasaki 山口=Yamaguchi "
    "松本=Matsumoto 井上=Inoue 木村=Kimura 林=Hayashi 斎藤=Saito/Saitō 清水=Shimizu 山崎=Yamazaki 森=Mori "
    "池田=Ikeda 橋本=Hashimoto 阿部=Abe 石川=Ishikawa 山下=Yamashita 中島=Nakajima 石井=Ishii 小川=Ogawa "
    "前田=Maeda 岡田=Okada 長谷川=Hasegawa 藤田=Fujita 後藤=Goto/Gotō 近藤=Kondo/Kondō 村上=Murakami "
    "遠藤=Endo/Endō 青木=Aoki 坂本=Sakamoto"
)
JP_GIVEN_M = pairs(
    "翔太=Shota/Shōta 大輔=Daisuke 健太=Kenta 拓也=Takuya 直樹=Naoki 浩=Hiroshi 誠=Makoto 健一=Kenichi/Ken'ichi "
    "翔=Sho/Shō 蓮=Ren 大翔=Hiroto 悠真=Yuma/Yūma 和也=Kazuya 隆=Takashi 修=Osamu 太郎=Taro/Tarō 一郎=Ichiro/Ichirō "
    "剛=Tsuyoshi 聡=Satoshi 亮=Ryo/Ryō 達也=Tatsuya 雄一=Yuichi/Yūichi 陽太=Yota/Yōta 湊=Minato 樹=Itsuki "
    "大樹=Daiki 学=Manabu 勝=Masaru 哲也=Tetsuya 秀樹=Hideki"
)
JP_GIVEN_F = pairs(
    "陽子=Yoko/Yōko 恵子=Keiko 由美=Yumi 美咲=Misaki さくら=Sakura 愛=Ai 結衣=Yui 陽菜=Hina 真由美=Mayumi "
    "裕子=Yuko/Yūko 明美=Akemi 智子=Tomoko 久美子=Kumiko 葵=Aoi 花子=Hanako 直美=Naomi 京子=Kyoko/Kyōko "
    "幸子=Sachiko 美穂=Miho 彩=Aya 優子=Yuko/Yūko 麻衣=Mai 千尋=Chihiro 奈々=Nana 里美=Satomi 香織=Kaori "
    "綾香=Ayaka 舞=Mai 結愛=Yua 芽依=Mei"
)

KR_FAMILY = pairs(
    "김=Kim/Gim 이=Lee/Yi/Rhee 박=Park/Pak/Bak 최=Choi/Choe 정=Jung/Jeong/Chung 강=Kang/Gang 조=Cho/Jo "
    "윤=Yoon/Yun 장=Jang/Chang 임=Lim/Im 한=Han 오=Oh/O 서=Seo/Suh 신=Shin/Sin 권=Kwon/Gwon 황=Hwang "
    "안=Ahn/An 송=Song 류=Ryu/Yoo 홍=Hong 전=Jeon/Jun/Chun 고=Ko/Go 문=Moon/Mun 양=Yang 손=Son/Sohn "
    "배=Bae/Pae 백=Baek/Paek 허=Heo/Huh 남=Nam 노=Noh/No"
)
KR_GIVEN_M = pairs(
    "민준=Min-jun/Minjun/Min_Jun 서준=Seo-jun/Seojun 도윤=Do-yun/Doyoon 예준=Ye-jun/Yejun 시우=Si-woo/Siwoo "
    "하준=Ha-jun/Hajun 지호=Ji-ho/Jiho 준서=Jun-seo/Junseo 현우=Hyun-woo/Hyeon-u/Hyunwoo 성민=Sung-min/Seong-min "
    "동현=Dong-hyun/Donghyeon 영호=Young-ho/Yeong-ho 상훈=Sang-hoon/Sang-hun 재원=Jae-won/Jaewon "
    "정훈=Jung-hoon/Jeong-hun 진우=Jin-woo/Jinu 승민=Seung-min/Seungmin 태현=Tae-hyun/Taehyeon "
    "준호=Jun-ho/Junho 민수=Min-su/Minsoo 성호=Sung-ho/Seong-ho 동욱=Dong-wook/Dong-uk 재현=Jae-hyun/Jaehyeon "
    "우진=Woo-jin/Ujin 건우=Geon-woo/Gun-woo"
)
KR_GIVEN_F = pairs(
    "서연=Seo-yeon/Seoyeon 지우=Ji-woo/Jiu 서윤=Seo-yun/Seoyoon 민서=Min-seo/Minseo 하은=Ha-eun/Haeun "
    "지민=Ji-min/Jimin 수빈=Su-bin/Subin 예은=Ye-eun/Yeeun 지영=Ji-young/Ji-yeong 은지=Eun-ji/Eunji "
    "혜진=Hye-jin/Hyejin 미영=Mi-young/Mi-yeong 수진=Su-jin/Soojin 영희=Young-hee/Yeong-hui 유진=Yu-jin/Yoojin "
    "지은=Ji-eun/Jieun 민지=Min-ji/Minji 소연=So-yeon/Soyeon 현정=Hyun-jung/Hyeon-jeong 은영=Eun-young/Eunyoung "
    "수연=Su-yeon/Sooyeon 다은=Da-eun/Daeun 채원=Chae-won/Chaewon 하린=Ha-rin/Harin 윤서=Yun-seo/Yoonseo"
)

AR_GIVEN_M = pairs(
    "محمد=Mohammed/Muhammad/Mohamed/Mohammad أحمد=Ahmed/Ahmad علي=Ali حسن=Hassan/Hasan حسين=Hussein/Hussain/Husain "
    "عمر=Omar/Umar خالد=Khaled/Khalid يوسف=Youssef/Yousef/Yusuf إبراهيم=Ibrahim عبدالله=Abdullah/Abdallah/Abdulla "
    "محمود=Mahmoud/Mahmud مصطفى=Mostafa/Mustafa طارق=Tarek/Tariq كريم=Karim/Kareem سعيد=Saeed/Said/Saied "
    "ياسر=Yasser/Yasir ماجد=Majed/Majid فيصل=Faisal/Faysal سلطان=Sultan راشد=Rashed/Rashid سالم=Salem/Salim "
    "ناصر=Nasser/Naser عادل=Adel/Adil وليد=Walid/Waleed هشام=Hisham/Hesham أيمن=Ayman/Aiman عمرو=Amr "
    "زياد=Ziad/Ziyad حمزة=Hamza/Hamzah بلال=Bilal عبدالرحمن=Abdulrahman/Abdelrahman/Abdul_Rahman "
    "فهد=Fahad/Fahd تركي=Turki نواف=Nawaf سعود=Saud منصور=Mansour/Mansur حمد=Hamad سيف=Saif/Sayf "
    "عبدالعزيز=Abdulaziz/Abdelaziz مازن=Mazen/Mazin باسم=Basem/Bassem شريف=Sherif/Sharif وائل=Wael/Wail "
    "عماد=Emad/Imad جاسم=Jassim/Jasem حيدر=Haider/Haidar مهند=Muhannad/Mohanad"
)
AR_GIVEN_F = pairs(
    "فاطمة=Fatima/Fatma/Fatimah عائشة=Aisha/Aicha/Aysha مريم=Maryam/Mariam زينب=Zainab/Zeinab نور=Nour/Noor "
    "سارة=Sara/Sarah ليلى=Layla/Leila هدى=Huda/Hoda آمنة=Amina/Amna خديجة=Khadija/Khadijah رنا=Rana دينا=Dina "
    "منى=Mona/Muna سلمى=Salma ياسمين=Yasmin/Yasmine هند=Hind لينا=Lina ريم=Reem/Rim شيماء=Shaimaa/Shaima "
    "نادية=Nadia/Nadiya أسماء=Asmaa/Asma رحاب=Rehab/Rihab إيمان=Iman/Eman هالة=Hala مها=Maha نجلاء=Naglaa/Najla "
    "دعاء=Doaa/Duaa رقية=Ruqaya/Roqaya شهد=Shahad"
)
AR_FAMILY = {
    "SA": pairs(
        "الغامدي=Al-Ghamdi/Alghamdi القحطاني=Al-Qahtani/Alqahtani العتيبي=Al-Otaibi/Alotaibi الشمري=Al-Shammari "
        "الحربي=Al-Harbi/Alharbi الزهراني=Al-Zahrani/Alzahrani الدوسري=Al-Dosari/Aldossary المطيري=Al-Mutairi "
        "العنزي=Al-Anazi/Alanazi السبيعي=Al-Subaie/Alsubaie الشهري=Al-Shehri/Alshehri العمري=Al-Omari/Alomari "
        "المالكي=Al-Malki/Almalki الرشيدي=Al-Rashidi/Alrashidi البقمي=Al-Buqami الجهني=Al-Juhani/Aljohani "
        "السهلي=Al-Sahli الشهراني=Al-Shahrani العسيري=Al-Asiri/Alassiri الخالدي=Al-Khalidi/Alkhaldi"
    ),
    "AE": pairs(
        "المنصوري=Al_Mansoori/Almansoori الكعبي=Al_Kaabi/Alkaabi الظاهري=Al_Dhaheri/Aldhaheri "
        "المزروعي=Al_Mazrouei/Almazrouei النعيمي=Al_Nuaimi/Alnuaimi الشامسي=Al_Shamsi/Alshamsi الكتبي=Al_Ketbi "
        "الهاشمي=Al_Hashemi/Alhashmi السويدي=Al_Suwaidi/Alsuwaidi البلوشي=Al_Balooshi/Albloushi "
        "الحمادي=Al_Hammadi/Alhammadi المهيري=Al_Mheiri/Almheiri الفلاسي=Al_Falasi/Alfalasi "
        "الرميثي=Al_Romaithi/Alromaithi العامري=Al_Ameri/Alameri الشحي=Al_Shehhi/Alshehhi "
        "الزعابي=Al_Zaabi/Alzaabi المرزوقي=Al_Marzooqi/Almarzooqi"
    ),
    "IQ": pairs(
        "الجبوري=Al-Jubouri/Al-Jaburi العبيدي=Al-Obaidi/Al-Ubaidi الدليمي=Al-Dulaimi/Aldulaimi "
        "التميمي=Al-Tamimi/Altamimi الربيعي=Al-Rubaie/Al-Rubaiee الساعدي=Al-Saadi/Alsaadi الخفاجي=Al-Khafaji "
        "الموسوي=Al-Moussawi/Al-Musawi الحسيني=Al-Husseini/Al-Hussaini الزبيدي=Al-Zubaidi/Alzubaidi "
        "العزاوي=Al-Azzawi/Alazzawi الجنابي=Al-Janabi/Aljanabi الكعبي=Al-Kaabi/Alkaabi الشمري=Al-Shammari "
        "البياتي=Al-Bayati/Albayati العلوي=Al-Alawi/Alalawi الكبيسي=Al-Kubaisi/Alkubaisi الحلي=Al-Hilli "
        "النجار=Al-Najjar/Alnajjar البصري=Al-Basri/Albasri"
    ),
    # Egyptians mostly carry father's and grandfather's given names; a few family names.
    "EG": pairs(
        "عبدالفتاح=Abdel_Fattah/Abdelfattah السيد=El_Sayed/Elsayed/El-Sayed شحاتة=Shehata/Shehatah "
        "سليمان=Soliman/Suleiman عثمان=Osman/Othman جاد=Gad منصور=Mansour نجيب=Naguib/Nagib رمضان=Ramadan "
        "فرج=Farag/Faraj عبدالحميد=Abdel_Hamid/Abdelhamid الشريف=El_Sherif/Elsherif عبدالعال=Abdel_Aal "
        "حجازي=Hegazy/Hegazi زكي=Zaki/Zaky الجمال=El_Gammal/Elgamal بدوي=Badawi/Badawy سعد=Saad "
        "عطية=Attia/Atteya مرسي=Morsy/Morsi المصري=El_Masry/Elmasry"
    ),
}

FA_GIVEN_M = pairs(
    "محمد=Mohammad/Mohammed علی=Ali حسین=Hossein/Hosein رضا=Reza مهدی=Mehdi/Mahdi امیر=Amir سعید=Saeed/Saeid "
    "مجید=Majid حمید=Hamid جواد=Javad مسعود=Masoud/Massoud بهرام=Bahram داریوش=Dariush/Daryoush فرهاد=Farhad "
    "کوروش=Kourosh/Kurosh آرش=Arash بابک=Babak پویا=Pouya/Puya سینا=Sina نیما=Nima محسن=Mohsen مرتضی=Morteza "
    "حسن=Hassan/Hasan ابراهیم=Ebrahim/Ibrahim یوسف=Yousef/Yusef کامران=Kamran بهزاد=Behzad امید=Omid "
    "میلاد=Milad"
)
FA_GIVEN_F = pairs(
    "فاطمه=Fatemeh/Fatima زهرا=Zahra مریم=Maryam سارا=Sara نرگس=Narges لیلا=Leila/Leyla مینا=Mina "
    "شیرین=Shirin پریسا=Parisa نازنین=Nazanin الهام=Elham سمیرا=Samira مهسا=Mahsa نیلوفر=Niloufar/Nilufar "
    "آزاده=Azadeh معصومه=Masoumeh طاهره=Tahereh سمانه=Samaneh فرزانه=Farzaneh مهناز=Mahnaz ژیلا=Zhila "
    "گلناز=Golnaz ساناز=Sanaz"
)
FA_FAMILY = pairs(
    "محمدی=Mohammadi احمدی=Ahmadi حسینی=Hosseini/Hoseini رضایی=Rezaei/Rezaee موسوی=Mousavi/Musavi "
    "جعفری=Jafari/Jafary کریمی=Karimi رحیمی=Rahimi صادقی=Sadeghi قاسمی=Ghasemi/Qasemi کاظمی=Kazemi نوری=Nouri/Noori "
    "اکبری=Akbari حیدری=Heidari/Heydari طاهری=Taheri باقری=Bagheri عباسی=Abbasi نجفی=Najafi شریفی=Sharifi "
    "یزدانی=Yazdani تهرانی=Tehrani اصفهانی=Esfahani/Isfahani فرهادی=Farhadi زارعی=Zarei/Zareie "
    "مرادی=Moradi نظری=Nazari کرمانی=Kermani شیرازی=Shirazi قربانی=Ghorbani/Qorbani سلطانی=Soltani "
    "میرزایی=Mirzaei ملکی=Maleki جلالی=Jalali"
)

HE_GIVEN_M = pairs(
    "דוד=David משה=Moshe יוסף=Yosef/Yossi אברהם=Avraham יעקב=Yaakov/Yaacov דניאל=Daniel אורי=Uri נועם=Noam "
    "איתי=Itai/Itay יונתן=Yonatan/Jonathan עומר=Omer אריאל=Ariel אליעזר=Eliezer שמואל=Shmuel חיים=Haim/Chaim "
    "אביב=Aviv גיל=Gil רון=Ron עידו=Ido אלון=Alon"
)
HE_GIVEN_F = pairs(
    "שרה=Sarah/Sara רחל=Rachel/Rahel מיכל=Michal נועה=Noa תמר=Tamar יעל=Yael שירה=Shira מאיה=Maya/Maia "
    "אסתר=Esther רבקה=Rivka הדס=Hadas ליאת=Liat אורית=Orit ענבל=Inbal דנה=Dana רותם=Rotem"
)
HE_FAMILY = pairs(
    "כהן=Cohen/Kohen לוי=Levi/Levy מזרחי=Mizrahi/Mizrachi פרץ=Peretz/Perets ביטון=Biton דהן=Dahan "
    "אברהם=Avraham/Abraham פרידמן=Friedman/Fridman אזולאי=Azoulay/Azulai מלכה=Malka כץ=Katz שפירא=Shapira/Shapiro "
    "גולדברג=Goldberg רוזנברג=Rosenberg אוחיון=Ohayon חדד=Hadad/Haddad גבאי=Gabay/Gabai בן_דוד=Ben_David "
    "שושן=Shoshan אשכנזי=Ashkenazi ברגר=Berger וייס=Weiss/Vais אלון=Alon שטרן=Stern"
)

GR_GIVEN_M = pairs(
    "Γιώργος=Giorgos/Georgios Γιάννης=Giannis/Ioannis Κωνσταντίνος=Konstantinos Δημήτρης=Dimitris/Dimitrios "
    "Νίκος=Nikos/Nikolaos Παναγιώτης=Panagiotis Βασίλης=Vasilis/Vasileios Χρήστος=Christos/Hristos "
    "Αθανάσιος=Athanasios Μιχάλης=Michalis/Michail Ευάγγελος=Evangelos Σπύρος=Spyros/Spiros Αντώνης=Antonis "
    "Θεόδωρος=Theodoros Στέλιος=Stelios Άγγελος=Angelos"
)
GR_GIVEN_F = pairs(
    "Μαρία=Maria Ελένη=Eleni Αικατερίνη=Aikaterini/Ekaterini Βασιλική=Vasiliki Σοφία=Sofia/Sophia "
    "Αγγελική=Angeliki Γεωργία=Georgia Δήμητρα=Dimitra Κωνσταντίνα=Konstantina Ευαγγελία=Evangelia "
    "Ιωάννα=Ioanna Χριστίνα=Christina Παρασκευή=Paraskevi Αναστασία=Anastasia Δέσποινα=Despoina/Despina "
    "Φωτεινή=Foteini/Fotini"
)
# (masculine, feminine) family names; invariant genitive forms repeat.
GR_FAMILY = [
    (("Παπαδόπουλος", "Papadopoulos"), ("Παπαδοπούλου", "Papadopoulou")),
    (("Παπαδάκης", "Papadakis"), ("Παπαδάκη", "Papadaki")),
    (("Γεωργίου", "Georgiou"), ("Γεωργίου", "Georgiou")),
    (("Οικονόμου", "Oikonomou/Economou"), ("Οικονόμου", "Oikonomou/Economou")),
    (("Νικολάου", "Nikolaou"), ("Νικολάου", "Nikolaou")),
    (("Βασιλείου", "Vasileiou"), ("Βασιλείου", "Vasileiou")),
    (("Παπαγεωργίου", "Papageorgiou"), ("Παπαγεωργίου", "Papageorgiou")),
    (("Καραγιάννης", "Karagiannis"), ("Καραγιάννη", "Karagianni")),
    (("Αθανασίου", "Athanasiou"), ("Αθανασίου", "Athanasiou")),
    (("Δημητρίου", "Dimitriou"), ("Δημητρίου", "Dimitriou")),
    (("Ιωάννου", "Ioannou"), ("Ιωάννου", "Ioannou")),
    (("Κωνσταντίνου", "Konstantinou"), ("Κωνσταντίνου", "Konstantinou")),
    (("Μαυρίδης", "Mavridis"), ("Μαυρίδου", "Mavridou")),
    (("Αλεξίου", "Alexiou"), ("Αλεξίου", "Alexiou")),
    (("Παπανικολάου", "Papanikolaou"), ("Παπανικολάου", "Papanikolaou")),
    (("Χατζηδάκης", "Chatzidakis/Hatzidakis"), ("Χατζηδάκη", "Chatzidaki/Hatzidaki")),
    (("Ζαχαρίου", "Zachariou"), ("Ζαχαρίου", "Zachariou")),
    (("Λαμπράκης", "Lamprakis"), ("Λαμπράκη", "Lampraki")),
    (("Κουτσούκος", "Koutsoukos"), ("Κουτσούκου", "Koutsoukou")),
    (("Μακρής", "Makris"), ("Μακρή", "Makri")),
    (("Πετρίδης", "Petridis"), ("Πετρίδου", "Petridou")),
    (("Σταθόπουλος", "Stathopoulos"), ("Σταθοπούλου", "Stathopoulou")),
]

TH_GIVEN_M = pairs(
    "สมชาย=Somchai สมศักดิ์=Somsak ประเสริฐ=Prasert วิชัย=Wichai/Vichai สุรชัย=Surachai ธนากร=Thanakorn "
    "ณัฐพล=Nattaphon/Nattapon อนุชา=Anucha ชัยวัฒน์=Chaiwat กิตติ=Kitti สมพงษ์=Somphong/Sompong "
    "ประยุทธ=Prayut อภิชาติ=Aphichat/Apichart สุริยา=Suriya วีระ=Wira/Weera"
)
TH_GIVEN_F = pairs(
    "สมหญิง=Somying มาลี=Mali/Malee สุนิสา=Sunisa วันเพ็ญ=Wanphen/Wanpen กาญจนา=Kanchana/Kanjana "
    "ปัทมา=Phatthama/Pattama นภา=Napha รัตนา=Rattana ศิริพร=Siriphon/Siriporn อรุณี=Aruni/Arunee "
    "สุดารัตน์=Sudarat พรทิพย์=Phonthip/Porntip จันทร์เพ็ญ=Chanphen/Chanpen อัญชลี=Anchali/Anchalee "
    "วิไล=Wilai"
)
TH_FAMILY = pairs(
    "สุขสวัสดิ์=Suksawat ศรีสุข=Srisuk/Sisuk แก้วมณี=Kaewmanee/Kaeomani วงศ์สวัสดิ์=Wongsawat บุญมา=Boonma/Bunma "
    "ทองดี=Thongdee/Thongdi พรหมมา=Phromma รัตนพันธ์=Rattanaphan สายทอง=Saithong/Saithong "
    "อินทร์แก้ว=Inkaew/Inkaeo ศรีวงศ์=Sriwong/Siwong มณีวงศ์=Maneewong/Maniwong ชัยมงคล=Chaimongkol/Chaimongkhon "
    "เพชรรัตน์=Phetcharat/Petcharat จันทร์แก้ว=Chankaew/Chankaeo สมบูรณ์=Somboon/Sombun ทองคำ=Thongkham "
    "บุญเรือง=Boonruang/Bunrueang"
)

# Russian and Ukrainian are written in Cyrillic and transliterated by rule (below).
RU_GIVEN_M = w(
    "Александр Сергей Дмитрий Андрей Алексей Максим Евгений Иван Михаил Николай Владимир Павел Артём "
    "Олег Игорь Роман Денис Виктор Юрий Константин Антон Кирилл Илья Вадим Григорий"
)
RU_GIVEN_F = w(
    "Анна Елена Ольга Наталья Екатерина Татьяна Мария Ирина Светлана Юлия Анастасия Дарья Марина "
    "Ксения Людмила Галина Вера Алина Полина Валентина"
)
RU_FAMILY = w(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков "
    "Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Захаров "
    "Зайцев Соловьёв Борисов Яковлев Григорьев Романов Белов Тарасов Беляев Комаров Киселев"
)
RU_PATRONYMIC = [
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Андреевич", "Андреевна"),
    ("Алексеевич", "Алексеевна"),
    ("Иванович", "Ивановна"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Владимирович", "Владимировна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
    ("Петрович", "Петровна"),
    ("Олегович", "Олеговна"),
    ("Игоревич", "Игоревна"),
    ("Евгеньевич", "Евгеньевна"),
]
UA_GIVEN_M = w(
    "Олександр Сергій Андрій Володимир Дмитро Іван Микола Юрій Василь Олег Петро Тарас Богдан "
    "Віталій Максим Ярослав Степан Михайло"
)
UA_GIVEN_F = w(
    "Олена Наталія Тетяна Оксана Ірина Юлія Ольга Світлана Людмила Катерина Анна Марія Галина "
    "Вікторія Надія Ганна Леся Христина"
)
UA_FAMILY = w(
    "Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Мельник Шевчук Поліщук Бойко Ковальчук "
    "Лисенко Марченко Мороз Савченко Руденко Клименко Кравчук Петренко Ткачук Гончаренко Павленко "
    "Левченко Харченко Коваль Литвиненко Мартинюк Гаврилюк"
)
UA_PATRONYMIC = [
    ("Олександрович", "Олександрівна"),
    ("Сергійович", "Сергіївна"),
    ("Андрійович", "Андріївна"),
    ("Володимирович", "Володимирівна"),
    ("Іванович", "Іванівна"),
    ("Миколайович", "Миколаївна"),
    ("Васильович", "Василівна"),
    ("Петрович", "Петрівна"),
    ("Михайлович", "Михайлівна"),
]

# Russian: a simplified BGN/PCGN style (Sergey, Yuliya) and the ICAO passport style (Sergei, Iuliia).
_RU_BGN = dict(
    zip(
        "абвгдезийклмнопрстуфхцчшщъыьэюяё",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
            "yo",
        ],
        strict=False,
    )
)
_RU_BGN["ж"] = "zh"
_RU_ICAO = dict(_RU_BGN, **{"й": "i", "ю": "iu", "я": "ia", "ё": "e", "ъ": "ie"})
# Ukrainian national transliteration (2010): initial forms Ye/Yi/Y/Yu/Ya, inside ie/i/i/iu/ia.
_UA = dict(
    zip(
        "абвгґдежзиіїйклмнопрстуфхцчшщьюяє",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "iu",
            "ia",
            "ie",
        ],
        strict=False,
    )
)
_UA_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def translit_cyrillic(text: str, table: dict, initial: dict | None = None) -> str:
    out = []
    for word in text.split(" "):
        res = []
        for i, ch in enumerate(word):
            low = ch.lower()
            rep = (initial or {}).get(low) if i == 0 else None
            if rep is None:
                rep = table.get(low, low)
            # BGN: е and ё are 'ye'/'yo' at the start of a word and after a vowel/ъ/ь
            if table is _RU_BGN and low in "её" and (i == 0 or word[i - 1].lower() in "аеёиоуыэюяьъ"):
                rep = "ye" if low == "е" else "yo"
            rep = rep.replace("_", "")
            res.append(rep.capitalize() if ch.isupper() else rep)
        out.append("".join(res))
    return " ".join(out)


# --------------------------------------------------------------------------- generation
# rows per country: (native script rows, Latin rows); sums to TOTAL.
PLAN = {
    "CN": ("Hans", 450, 450),
    "IN": (None, 0, 500),
    "US": (None, 0, 420),
    "ID": (None, 0, 280),
    "PK": (None, 0, 350),
    "BR": (None, 0, 300),
    "PT": (None, 0, 120),
    "NG": (None, 0, 300),
    "BD": (None, 0, 280),
    "RU": ("Cyrl", 250, 200),
    "UA": ("Cyrl", 130, 100),
    "MX": (None, 0, 280),
    "JP": ("Jpan", 200, 200),
    "PH": (None, 0, 220),
    "ET": (None, 0, 180),
    "EG": ("Arab", 170, 180),
    "VN": (None, 0, 270),
    "IR": ("Arab", 200, 150),
    "TR": (None, 0, 280),
    "DE": (None, 0, 280),
    "TH": ("Thai", 150, 100),
    "GB": (None, 0, 280),
    "FR": (None, 0, 280),
    "IT": (None, 0, 230),
    "KR": ("Hang", 200, 200),
    "ES": (None, 0, 230),
    "KE": (None, 0, 180),
    "PL": (None, 0, 200),
    "SA": ("Arab", 130, 120),
    "IQ": ("Arab", 130, 120),
    "AE": ("Arab", 80, 80),
    "GR": ("Grek", 100, 100),
    "IL": ("Hebr", 100, 100),
    "NL": (None, 0, 150),
}

# Very frequent names put in on purpose (they are what collides with watchlists).
SEEDED_COMMON = [
    ("Mohammed Ali", "EG", "Latn"),
    ("Muhammad Ali", "PK", "Latn"),
    ("Mohamed Ali", "EG", "Latn"),
    ("Ahmed Hassan", "EG", "Latn"),
    ("Ahmed Mohamed", "EG", "Latn"),
    ("Mohamed Ahmed", "EG", "Latn"),
    ("Ali Hassan", "IQ", "Latn"),
    ("Mohammad Reza Ahmadi", "IR", "Latn"),
    ("Ali Ahmadi", "IR", "Latn"),
    ("محمد علي", "EG", "Arab"),
    ("أحمد حسن", "EG", "Arab"),
    ("علي حسين", "IQ", "Arab"),
    ("Wang Wei", "CN", "Latn"),
    ("Li Wei", "CN", "Latn"),
    ("Zhang Wei", "CN", "Latn"),
    ("Wang Fang", "CN", "Latn"),
    ("Li Na", "CN", "Latn"),
    ("Zhang Min", "CN", "Latn"),
    ("Liu Yang", "CN", "Latn"),
    ("Chen Jing", "CN", "Latn"),
    ("王伟", "CN", "Hans"),
    ("李伟", "CN", "Hans"),
    ("张伟", "CN", "Hans"),
    ("王芳", "CN", "Hans"),
    ("李娜", "CN", "Hans"),
    ("张敏", "CN", "Hans"),
    ("Kim Min-jun", "KR", "Latn"),
    ("Kim Ji-woo", "KR", "Latn"),
    ("Lee Seo-yeon", "KR", "Latn"),
    ("Park Ji-hoon", "KR", "Latn"),
    ("김민준", "KR", "Hang"),
    ("이서연", "KR", "Hang"),
    ("Maria Garcia", "US", "Latn"),
    ("María García", "ES", "Latn"),
    ("Jose Hernandez", "MX", "Latn"),
    ("Juan Rodriguez", "MX", "Latn"),
    ("John Smith", "US", "Latn"),
    ("James Smith", "GB", "Latn"),
    ("Michael Johnson", "US", "Latn"),
    ("Nguyen Van Anh", "VN", "Latn"),
    ("Nguyễn Thị Lan", "VN", "Latn"),
    ("Sato Hiroshi", "JP", "Latn"),
    ("Hiroshi Tanaka", "JP", "Latn"),
    ("佐藤浩", "JP", "Jpan"),
    ("Aleksandr Ivanov", "RU", "Latn"),
    ("Sergey Ivanov", "RU", "Latn"),
    ("Александр Иванов", "RU", "Cyrl"),
    ("Mehmet Yılmaz", "TR", "Latn"),
    ("Ayşe Kaya", "TR", "Latn"),
    ("Rahul Kumar", "IN", "Latn"),
    ("Amit Sharma", "IN", "Latn"),
    ("Priya Singh", "IN", "Latn"),
    ("Md. Abdul Karim", "BD", "Latn"),
    ("Siti Rahmawati", "ID", "Latn"),
    ("Juan dela Cruz", "PH", "Latn"),
    ("Stefan Müller", "DE", "Latn"),
    ("Jean Martin", "FR", "Latn"),
    ("Mario Rossi", "IT", "Latn"),
    ("Jan Kowalski", "PL", "Latn"),
    ("Anna Nowak", "PL", "Latn"),
    ("Jan de Jong", "NL", "Latn"),
    ("Chinedu Okafor", "NG", "Latn"),
    ("Abebe Bekele", "ET", "Latn"),
    ("John Kamau", "KE", "Latn"),
    ("David Cohen", "IL", "Latn"),
    ("דוד כהן", "IL", "Hebr"),
    ("Γιώργος Παπαδόπουλος", "GR", "Grek"),
    ("สมชาย ใจดี", "TH", "Thai"),
    ("João da Silva", "BR", "Latn"),
    ("Oleksandr Shevchenko", "UA", "Latn"),
    ("Mohammad Hosseini", "IR", "Latn"),
    ("محمد حسینی", "IR", "Arab"),
    ("Abdullah Al-Qahtani", "SA", "Latn"),
    ("Fatima Al Mansoori", "AE", "Latn"),
]


def pick(rng: random.Random, items: list, zipf: float = 0.8):
    weights = [1.0 / (i + 1) ** zipf for i in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def one(latin_alts: str, rng: random.Random) -> str:
    """'Mohammed/Muhammad/Mohamed' -> one spelling, the first most often."""
    alts = latin_alts.split("/")
    return alts[0] if len(alts) == 1 or rng.random() < 0.55 else rng.choice(alts[1:])


def ascii_fold(s: str) -> str:
    s = (
        s.replace("ı", "i")
        .replace("İ", "I")
        .replace("ł", "l")
        .replace("Ł", "L")
        .replace("đ", "d")
        .replace("Đ", "D")
    )
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def latin_layout(given: str, family: str, rng: random.Random, family_first: bool = False) -> str:
    """How a Latin name is written on a declaration: natural order, FAMILY Given, 'Family, Given', caps."""
    r = rng.random()
    if r < 0.70:
        name = f"{family} {given}" if family_first else f"{given} {family}"
    elif r < 0.82:
        name = f"{family.upper()} {given}"
    elif r < 0.90:
        name = f"{family}, {given}"
    else:
        name = f"{given} {family}"
    if rng.random() < 0.08:
        name = name.upper()
    return name


def particle(surname: str) -> str:
    """Portuguese linking particle that agrees with the surname: dos Santos, da Silva, de Oliveira."""
    if surname in ("Santos", "Reis", "Anjos", "Prazeres"):
        return "dos"
    if surname in ("Silva", "Costa", "Rocha", "Cruz", "Luz", "Conceição", "Fonseca", "Cunha", "Mota"):
        return "da"
    return "de"


def gen_latin_country(cc: str, rng: random.Random) -> tuple[str, str]:
    d = LATIN[cc]
    female = rng.random() < 0.5
    given = pick(rng, d["f"] if female else d["m"])
    family = pick(rng, d["fam"])
    if cc in ("ES", "MX"):
        second = pick(rng, d["fam"])
        if second != family and rng.random() < 0.75:
            family = f"{family} {second}"
    elif cc in ("BR", "PT"):
        if rng.random() < 0.5:
            mid = pick(rng, d["fam"])
            if mid != family:
                part = particle(mid) + " " if rng.random() < 0.3 else ""
                family = f"{part}{mid} {family}"
    elif cc == "PL" and female:
        family = re.sub(r"(ski|cki|dzki)$", lambda m: m.group(1)[:-1] + "a", family)
    elif cc == "VN":
        mid = pick(rng, d["mid_f"] if female else d["mid_m"])
        name = f"{family} {mid} {given}"
        if rng.random() < 0.35:
            name = ascii_fold(name)
        if rng.random() < 0.1:
            name = name.upper()
        return name, name
    elif cc == "ET":
        father = pick(rng, d["fam"])
        if father == given:
            father = rng.choice(d["fam"])
        family = father
    elif cc == "BD":
        if rng.random() < 0.45 and not female:
            given = f"{rng.choice(['Md.', 'Mohammad', 'Md', 'Muhammad'])} {given}"
        elif female and rng.random() < 0.2:
            given = f"Mst. {given}"
    elif cc == "PK" and not female and given not in ("Muhammad", "Ali", "Ahmed") and rng.random() < 0.35:
        given = f"{rng.choice(['Muhammad', 'Mohammad', 'Syed', 'Malik'])} {given}"
    mids = d.get("middle_f" if female else "middle_m")
    if mids and rng.random() < 0.2:
        given = f"{given} {pick(rng, mids)}"
    if set(family.split()) & set(given.split()):
        return gen_latin_country(cc, rng)  # no 'Syed Ali Ali' or 'Sunita Kumar Kumar'
    if cc == "TR" and rng.random() < 0.3:
        given, family = ascii_fold(given), ascii_fold(family)
    if cc in ("ES", "MX", "FR", "PT", "BR") and rng.random() < 0.2:
        given, family = ascii_fold(given), ascii_fold(family)
    name = latin_layout(given, family, rng)
    return name, name


def gen_cn(rng):
    fam_n, fam_l = pick(rng, CN_FAMILY, 0.6)
    giv_n, giv_l = pick(rng, CN_GIVEN_F if rng.random() < 0.5 else CN_GIVEN_M, 0.5)
    native = fam_n + giv_n
    r = rng.random()
    if r < 0.55:
        latin = f"{fam_l} {giv_l}"
    elif r < 0.75:
        latin = f"{fam_l.upper()} {giv_l}"
    elif r < 0.9:
        latin = f"{giv_l} {fam_l}"
    else:  # syllables written apart: 'Zhang Xiu Ying'
        syl = re.findall(r"[^aeiouü]*[aeiouü]+(?:ng|n(?![aeiouü])|r(?![aeiouü]))?", giv_l.lower())
        latin = f"{fam_l} " + " ".join(s.capitalize() for s in syl) if len(syl) > 1 else f"{fam_l} {giv_l}"
    return native, latin.replace("Lü", rng.choice(["Lu", "Lyu", "Lü"]))


def gen_jp(rng):
    fam_n, fam_l = pick(rng, JP_FAMILY, 0.5)
    giv_n, giv_l = pick(rng, JP_GIVEN_F if rng.random() < 0.5 else JP_GIVEN_M, 0.4)
    native = fam_n + (rng.choice(["", " ", "\u3000"]) if rng.random() < 0.5 else "") + giv_n
    fam_l, giv_l = one(fam_l, rng), one(giv_l, rng)
    r = rng.random()
    latin = f"{giv_l} {fam_l}" if r < 0.55 else f"{fam_l.upper()} {giv_l}" if r < 0.8 else f"{fam_l} {giv_l}"
    return native, latin


def gen_kr(rng):
    fam_n, fam_l = pick(rng, KR_FAMILY, 0.7)
    giv_n, giv_l = pick(rng, KR_GIVEN_F if rng.random() < 0.5 else KR_GIVEN_M, 0.4)
    native = fam_n + giv_n
    fam_l, giv_l = one(fam_l, rng), one(giv_l, rng)
    r = rng.random()
    latin = f"{fam_l} {giv_l}" if r < 0.5 else f"{giv_l} {fam_l}" if r < 0.8 else f"{fam_l.upper()} {giv_l}"
    return native, latin


def gen_arabic(cc, rng):
    female = rng.random() < 0.45
    giv_n, giv_l = pick(rng, AR_GIVEN_F if female else AR_GIVEN_M, 0.6)
    father_n, father_l = pick(rng, AR_GIVEN_M, 0.6)
    fam_n, fam_l = pick(rng, AR_FAMILY[cc], 0.4)
    giv_l, father_l, fam_l = one(giv_l, rng), one(father_l, rng), one(fam_l, rng)
    if cc == "EG":
        r = rng.random()
        if r < 0.5:  # given + father + grandfather
            gf_n, gf_l = pick(rng, AR_GIVEN_M, 0.6)
            if gf_n == father_n:
                return gen_arabic(cc, rng)
            parts_n, parts_l = [giv_n, father_n, gf_n], [giv_l, father_l, one(gf_l, rng)]
        elif r < 0.75:
            parts_n, parts_l = [giv_n, father_n, fam_n], [giv_l, father_l, fam_l]
        else:
            parts_n, parts_l = [giv_n, fam_n], [giv_l, fam_l]
    else:
        if rng.random() < 0.45:
            parts_n, parts_l = [giv_n, father_n, fam_n], [giv_l, father_l, fam_l]
        else:
            parts_n, parts_l = [giv_n, fam_n], [giv_l, fam_l]
    if parts_n[0] == parts_n[1]:
        parts_n, parts_l = parts_n[:1] + parts_n[2:], parts_l[:1] + parts_l[2:]
    if len(parts_n) < 2:
        parts_n, parts_l = [giv_n, fam_n], [giv_l, fam_l]
    latin = " ".join(parts_l)
    if rng.random() < 0.15:
        latin = f"{parts_l[-1].upper()} {' '.join(parts_l[:-1])}"
    if rng.random() < 0.08:
        latin = latin.upper()
    return " ".join(parts_n), latin


def gen_ir(rng):
    female = rng.random() < 0.45
    giv_n, giv_l = pick(rng, FA_GIVEN_F if female else FA_GIVEN_M, 0.6)
    fam_n, fam_l = pick(rng, FA_FAMILY, 0.5)
    giv_l, fam_l = one(giv_l, rng), one(fam_l, rng)
    if not female and rng.random() < 0.15:  # Mohammad Reza, Ali Akbar, Amir Hossein
        second = rng.choice([("رضا", "Reza"), ("علی", "Ali"), ("حسین", "Hossein"), ("مهدی", "Mehdi")])
        if second[0] != giv_n:
            giv_n, giv_l = f"{giv_n} {second[0]}", f"{giv_l} {second[1]}"
    latin = f"{giv_l} {fam_l}" if rng.random() < 0.85 else f"{fam_l.upper()} {giv_l}"
    return f"{giv_n} {fam_n}", latin


def gen_simple(rng, giv_m, giv_f, fam, upper_family=True):
    giv_n, giv_l = pick(rng, giv_f if rng.random() < 0.5 else giv_m, 0.5)
    fam_n, fam_l = pick(rng, fam, 0.5)
    giv_l, fam_l = one(giv_l, rng), one(fam_l, rng)
    latin = latin_layout(giv_l, fam_l, rng)
    return f"{giv_n} {fam_n}", latin


def greek_caps(s: str) -> str:
    """Greek capitals carry no accents: Παπαδόπουλος -> ΠΑΠΑΔΟΠΟΥΛΟΣ."""
    return "".join(c for c in unicodedata.normalize("NFD", s.upper()) if not unicodedata.combining(c))


def gen_gr(rng):
    female = rng.random() < 0.5
    giv_n, giv_l = pick(rng, GR_GIVEN_F if female else GR_GIVEN_M, 0.5)
    (fam_n, fam_l) = pick(rng, GR_FAMILY, 0.5)[1 if female else 0]
    native = f"{giv_n} {fam_n}" if rng.random() < 0.8 else greek_caps(f"{fam_n} {giv_n}")
    return native, latin_layout(one(giv_l, rng), one(fam_l, rng), rng)


def gen_cyr(cc, rng):
    female = rng.random() < 0.5
    if cc == "RU":
        given = pick(rng, RU_GIVEN_F if female else RU_GIVEN_M, 0.5)
        family = pick(rng, RU_FAMILY, 0.5)
        if female:
            family += "а"
        patr = pick(rng, RU_PATRONYMIC, 0.4)[1 if female else 0]
        if rng.random() < 0.5:
            table, initial = (_RU_BGN, None) if rng.random() < 0.6 else (_RU_ICAO, None)
        else:
            table, initial = _RU_BGN, None
    else:
        given = pick(rng, UA_GIVEN_F if female else UA_GIVEN_M, 0.5)
        family = pick(rng, UA_FAMILY, 0.5)
        patr = pick(rng, UA_PATRONYMIC, 0.4)[1 if female else 0]
        table, initial = _UA, _UA_INITIAL
    r = rng.random()
    if r < 0.45:
        native = f"{given} {family}"
    elif r < 0.75:
        native = f"{family} {given} {patr}"
    else:
        native = f"{given} {patr} {family}"
    latin_src = f"{given} {family}" if rng.random() < 0.7 else native
    latin = translit_cyrillic(latin_src, table, initial)
    if rng.random() < 0.15:
        toks = latin.split()
        latin = (
            f"{toks[-1].upper()} {' '.join(toks[:-1])}" if latin_src == f"{given} {family}" else latin.upper()
        )
    return native, latin


def generate_person(cc: str, rng: random.Random) -> tuple[str, str]:
    """(native form, Latin form) of one random person of country cc."""
    if cc == "CN":
        return gen_cn(rng)
    if cc == "JP":
        return gen_jp(rng)
    if cc == "KR":
        return gen_kr(rng)
    if cc in AR_FAMILY:
        return gen_arabic(cc, rng)
    if cc == "IR":
        return gen_ir(rng)
    if cc == "IL":
        return gen_simple(rng, HE_GIVEN_M, HE_GIVEN_F, HE_FAMILY)
    if cc == "TH":
        return gen_simple(rng, TH_GIVEN_M, TH_GIVEN_F, TH_FAMILY)
    if cc == "GR":
        return gen_gr(rng)
    if cc in ("RU", "UA"):
        return gen_cyr(cc, rng)
    return gen_latin_country(cc, rng)


def main() -> None:
    rng = random.Random(SEED)
    listed = _lists.listed_keys()
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    excluded: list[str] = []

    def is_listed(*forms: str) -> bool:
        return any(_lists.keys(f) & listed for f in forms)

    def add(name: str, cc: str, script: str, *forms: str) -> bool:
        key = script + ":" + " ".join(sorted(_lists.tokens(name)))  # distinct up to case, accents, order
        if key in seen:
            return False
        if is_listed(name, *forms):
            excluded.append(name)
            return False
        seen.add(key)
        rows.append((name, cc, script))
        return True

    for name, cc, script in SEEDED_COMMON:
        add(name, cc, script)
    counts = Counter((cc, s) for _n, cc, s in rows)

    for cc, (native_script, n_native, n_latin) in PLAN.items():
        for script, target in ((native_script, n_native), ("Latn", n_latin)):
            if not target:
                continue
            have = counts[(cc, script)]
            tries = 0
            while have < target:
                tries += 1
                if tries > target * 200:
                    raise SystemExit(f"cannot draw enough distinct names for {cc}/{script}")
                native, latin = generate_person(cc, rng)
                name = latin if script == "Latn" else native
                if add(name, cc, script, native, latin):
                    have += 1
    # trim or top up to exactly TOTAL from the largest Latin pools
    rows = rows[:TOTAL] if len(rows) >= TOTAL else rows
    filler = ["US", "IN", "GB", "DE", "FR", "BR", "NG"]
    i = 0
    while len(rows) < TOTAL:
        cc = filler[i % len(filler)]
        i += 1
        native, latin = generate_person(cc, rng)
        add(latin, cc, "Latn", native)

    out = HERE / "ordinary_names.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["name", "country", "script"])
        wr.writerows(rows)
    by_script = Counter(s for _n, _c, s in rows)
    print(
        f"wrote {len(rows)} names to {out.name}; {len({c for _n, c, _s in rows})} countries; "
        f"scripts {dict(by_script)}; {len(excluded)} drawn names dropped as listed: {sorted(set(excluded))}"
    )


if __name__ == "__main__":
    main()
